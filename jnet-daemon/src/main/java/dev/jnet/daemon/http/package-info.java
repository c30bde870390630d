/**
 * HTTP/1.1 on a Unix socket with Jetty 12 (no servlets): a {@link dev.jnet.daemon.http.Router} of
 * method and path templates, strict JSON request bodies, and errors as {@code {"message": ...}} with
 * the status chosen in one place from the error's kind. Requests are handled on virtual threads.
 */
package dev.jnet.daemon.http;
