package dev.jnet.cli.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request to jnetd. Each request has a connection of its own ({@code Connection: close}):
 * a command makes a handful of calls, so keeping connections alive would buy nothing.
 *
 * @param method GET, POST, PUT or DELETE
 * @param target the path, already percent-encoded, starting with {@code /v1/}
 * @param body the JSON body, or null for none
 */
record Request(String method, String target, byte[] body) {
    static final String USER_AGENT = "jnet/" + version();

    static Request get(String target) {
        return new Request("GET", target, null);
    }

    static Request delete(String target) {
        return new Request("DELETE", target, null);
    }

    static Request post(String target, byte[] json) {
        return new Request("POST", target, json);
    }

    static Request put(String target, byte[] json) {
        return new Request("PUT", target, json);
    }

    /** The request as bytes on the wire. */
    byte[] encode() {
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: jnet\r\n")
                .append("User-Agent: ").append(USER_AGENT).append("\r\n")
                .append("Accept: application/json\r\n")
                .append("Connection: close\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\n");
        }
        if (body != null || method.equals("POST")) {
            head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return method + " " + target;
    }

    private static String version() {
        String version = Request.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
