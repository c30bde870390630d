package dev.jnet.daemon.http;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Serves the {@link Router}'s routes: finds the route, reads the body (at most 1 MiB), calls the route
 * and writes its reply. Every failure becomes {@code {"message"}} through {@link ErrorMapper}.
 * Blocking: Jetty runs it on a virtual thread.
 */
final class ApiHandler extends Handler.Abstract {
    static final int MAX_BODY_BYTES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final Router router;

    ApiHandler(Router router) {
        this.router = router;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long started = System.nanoTime();
        String method = request.getMethod();
        String path = request.getHttpURI().getDecodedPath();
        Reply reply;
        try {
            reply = dispatch(request, method, router.frame().frame(path));
        } catch (JnetException e) {
            if (e.kind() == ErrorKind.INTERNAL) {
                LOG.error("{} {} failed", method, path, e); // a fault of jnet's or the system's: keep the cause
            }
            reply = ErrorMapper.reply(e);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", method, path, e);
            reply = ErrorMapper.reply(e);
        }
        router.frame().headers().forEach((name, value) -> response.getHeaders().put(name, value));
        write(response, reply, callback);
        LOG.debug("{} {} {} {} ms", method, path, reply.status(), (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    private Reply dispatch(Request request, String method, Frame.Framed framed) {
        return switch (router.match(method, framed.path())) {
            case Router.Match.Found found -> found.handler().handle(new Call(method, framed.path(), found.params(),
                    query(request), framed.version(), readBody(request)));
            case Router.Match.NoSuchPath ignored -> router.frame().unknownPath(method, framed.path());
            case Router.Match.WrongMethod wrong -> ErrorMapper.reply(ErrorMapper.METHOD_NOT_ALLOWED,
                    "method " + method + " is not allowed on " + framed.path() + "; use "
                            + String.join(" or ", wrong.allowed()));
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

    private static byte[] readBody(Request request) {
        long declared = request.getLength();
        if (declared > MAX_BODY_BYTES) {
            throw tooLarge(declared + " bytes");
        }
        InputStream in = Content.Source.asInputStream(request);
        try {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw tooLarge("more than " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw new JnetException(ErrorKind.INVALID, "cannot read the request body: " + e.getMessage(), e);
        }
    }

    private static JnetException tooLarge(String size) {
        return JnetException.invalid("the request body is " + size + "; jnetd accepts at most 1 MiB ("
                + MAX_BODY_BYTES + " bytes)");
    }

    private static void write(Response response, Reply reply, Callback callback) {
        response.setStatus(reply.status());
        switch (reply) {
            case Reply.Json json -> send(response, "application/json", JsonCodec.write(json.body()), callback);
            case Reply.Text text -> {
                text.headers().forEach((name, value) -> response.getHeaders().put(name, value));
                send(response, "text/plain; charset=utf-8", text.body().getBytes(StandardCharsets.UTF_8), callback);
            }
            case Reply.Empty empty when empty.status() == 204 -> callback.succeeded();
            case Reply.Empty ignored -> send(response, null, new byte[0], callback);
        }
    }

    static void send(Response response, String type, byte[] body, Callback callback) {
        if (type != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
