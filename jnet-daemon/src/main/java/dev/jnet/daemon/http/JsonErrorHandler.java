package dev.jnet.daemon.http;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers by itself (a malformed request line, an ambiguous path, a request refused while
 * stopping) in the API's shape, {@code {"message"}}, never as an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
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
