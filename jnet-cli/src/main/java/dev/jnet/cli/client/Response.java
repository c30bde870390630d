package dev.jnet.cli.client;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP response from jnetd, its body already de-chunked.
 *
 * @param status the status code
 * @param reason the reason phrase (may be empty)
 * @param headers the headers, names compared without case
 * @param body the body (empty when there was none)
 */
record Response(int status, String reason, Map<String, String> headers, byte[] body) {
    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
