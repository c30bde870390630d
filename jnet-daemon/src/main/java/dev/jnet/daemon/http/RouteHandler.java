package dev.jnet.daemon.http;

/** Answers one API call; a {@link dev.jnet.error.JnetException} it throws becomes an error reply. */
@FunctionalInterface
public interface RouteHandler {
    Reply handle(Call call);
}
