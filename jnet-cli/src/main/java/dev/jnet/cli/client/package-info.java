/**
 * A client for jnetd's native API (docs/api.md): HTTP/1.1 with JSON bodies over jnetd's Unix socket,
 * with the JDK's own Unix domain sockets and no HTTP library. {@link dev.jnet.cli.client.JnetClient} is the
 * entry point; the request bodies are records; answers are the daemon's JSON as it came, so that the CLI
 * can print it unchanged. Error answers become {@link dev.jnet.error.JnetException}s with the daemon's
 * message and a kind from the HTTP status.
 */
package dev.jnet.cli.client;
