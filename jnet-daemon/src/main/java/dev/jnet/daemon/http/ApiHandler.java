package dev.jnet.daemon.http;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Serves the {@link Router}'s routes: finds the route, reads the body (through {@link BodyReader}), calls the
 * route and writes its reply. Every failure becomes {@code {"message"}} through {@link ErrorMapper}; a
 * request on a connection beyond the {@link ConnectionCap} is answered 503 and its connection closed.
 * Blocking: Jetty runs it on a virtual thread.
 */
final class ApiHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    /** The route label of a request no route answered (404, 405, refused), so that metrics stay bounded. */
    static final String UNMATCHED = "unmatched";

    private final Router router;
    private final BodyReader bodies;
    private final String refusal;

    ApiHandler(Router router, BodyReader bodies, ConnectionCap cap, Path socket) {
        this.router = router;
        this.bodies = bodies;
        this.refusal = "jnetd serves at most " + cap.max() + " connections at once on " + socket + " and this one is "
                + "over the limit; close idle connections, or raise jnetd's --max-connections (see docs/troubleshooting.md)";
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long started = System.nanoTime();
        String method = request.getMethod();
        String path = request.getHttpURI().getDecodedPath();
        Reply reply;
        String[] route = {UNMATCHED};
        if (ConnectionCap.refused(request)) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE);
            reply = ErrorMapper.reply(JnetException.unavailable(refusal), router.frame());
        } else {
            reply = answer(request, method, path, route);
        }
        router.frame().headers().forEach((name, value) -> response.getHeaders().put(name, value));
        long took = System.nanoTime() - started;
        // Counted before the answer leaves: a client that reads the metrics right after sees its request there.
        router.answered().request(method, route[0], reply.status(), took);
        write(response, reply, callback);
        LOG.debug("{} {} {} {} ms", method, path, reply.status(), took / 1_000_000);
        return true;
    }

    /** The reply; {@code route[0]} becomes the template of the route that answered, if one did. */
    private Reply answer(Request request, String method, String path, String[] route) {
        try {
            return dispatch(request, method, router.frame().frame(path), route);
        } catch (JnetException e) {
            if (e.kind() == ErrorKind.INTERNAL) {
                LOG.error("{} {} failed", method, path, e); // a fault of jnet's or the system's: keep the cause
            }
            return ErrorMapper.reply(e, router.frame());
        } catch (BodyReader.LateBody e) {
            return ErrorMapper.reply(ErrorMapper.REQUEST_TIMEOUT, e.getMessage(), router.frame());
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", method, path, e);
            return ErrorMapper.reply(e, router.frame());
        }
    }

    private Reply dispatch(Request request, String method, Frame.Framed framed, String[] route) {
        return switch (router.match(method, framed.path())) {
            case Router.Match.Found found -> {
                route[0] = found.template();
                Map<String, String> query = query(request);
                try (BodyReader.Body body = bodies.read(request)) {
                    yield found.handler().handle(new Call(method, framed.path(), found.params(), query,
                            framed.version(), body.bytes()));
                }
            }
            case Router.Match.NoSuchPath ignored -> router.frame().unknownPath(method, framed.path());
            case Router.Match.WrongMethod wrong -> ErrorMapper.reply(ErrorMapper.METHOD_NOT_ALLOWED,
                    "method " + method + " is not allowed on " + framed.path() + "; use "
                            + String.join(" or ", wrong.allowed()), router.frame());
        };
    }

    private static Map<String, String> query(Request request) {
        Map<String, String> query = new HashMap<>();
        try {
            for (Fields.Field field : Request.extractQueryParameters(request)) {
                query.put(field.getName(), field.getValue());
            }
        } catch (RuntimeException e) {
            throw JnetException.invalid("malformed query string '" + request.getHttpURI().getQuery() + "': " + e.getMessage());
        }
        return query;
    }

    private static void write(Response response, Reply reply, Callback callback) {
        response.setStatus(reply.status());
        switch (reply) {
            case Reply.Json json -> send(response, "application/json", JsonCodec.write(json.body()), callback);
            case Reply.Text text -> {
                text.headers().forEach((name, value) -> response.getHeaders().put(name, value));
                send(response, "text/plain; charset=utf-8", text.body().getBytes(StandardCharsets.UTF_8), callback);
            }
            case Reply.Stream stream -> stream(response, stream, callback);
            case Reply.Empty empty when empty.status() == 204 -> callback.succeeded();
            case Reply.Empty ignored -> send(response, null, new byte[0], callback);
        }
    }

    /** Runs the producer on this (virtual) thread, each value flushed as a line, then ends the body. */
    private static void stream(Response response, Reply.Stream stream, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        EndPoint endPoint = response.getRequest().getConnectionMetaData().getConnection().getEndPoint();
        // The connection ends with the stream: a stream's client does not reuse it, and an idle connection left
        // behind would hold a stopping jnetd (Jetty waits for every connection to close), had its idle timeout
        // been put back after Jetty lowered it for the stop.
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.getHeaders().put(HttpHeader.TRANSFER_ENCODING, "chunked"); // still chunked, as dockerd's streams are
        endPoint.setIdleTimeout(0); // a stream may wait hours for its next event; keep-alives notice a client gone
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            out.flush(); // the status and headers now: a client waits for them before its first event, as dockerd sends them
            stream.producer().produce(new Reply.Lines() {
                @Override
                public void write(Object value) throws IOException {
                    out.write(JsonCodec.write(value));
                    out.write('\n');
                    out.flush();
                }

                @Override
                public void keepAlive() throws IOException {
                    out.write('\n');
                    out.flush();
                }
            }, endPoint::isOpen);
        } catch (IOException e) {
            callback.failed(e); // the client went away
            return;
        }
        callback.succeeded();
    }

    static void send(Response response, String type, byte[] body, Callback callback) {
        if (type != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
