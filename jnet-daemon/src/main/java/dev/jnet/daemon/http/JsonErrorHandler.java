package dev.jnet.daemon.http;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers by itself (a malformed request line, an ambiguous path, conflicting
 * {@code Content-Length} and {@code Transfer-Encoding}, headers too large, a request refused while stopping)
 * in the API's shape, {@code {"message"}}, never as an HTML page. Every answer Jetty makes without a handler
 * comes here, the server's error handler; Jetty's own writes a body only for GET, POST and HEAD, this one
 * for every method.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        ApiHandler.send(response, "application/json", body(code, message), callback);
    }

    private static byte[] body(int code, String message) {
        String text = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        return JsonCodec.write(new ErrorBody("HTTP " + code + ": " + text));
    }
}
