package dev.jnet.daemon.http;

import dev.jnet.error.JnetException;

import java.nio.file.attribute.GroupPrincipal;
import java.time.Duration;
import java.util.Optional;

/**
 * How a {@link UnixHttpServer} serves its socket, each default declared once.
 *
 * @param group the group whose members may use the socket (mode 0660, owner root); empty: root only (0600)
 * @param maxConnections connections served at once; one more is answered 503 and closed
 * @param headerTimeout how long a request's line and headers may take, from the connection's first byte
 *        (or from its opening, for its first request); then the connection is closed
 * @param idleTimeout how long a connection may stay silent between requests or inside a body
 * @param bodyTimeout how long a request's body may take to arrive once its headers are in (408 after)
 * @param gracePeriod how long a stop waits for requests in flight
 */
public record ServerOptions(Optional<GroupPrincipal> group, int maxConnections, Duration headerTimeout,
                            Duration idleTimeout, Duration bodyTimeout, Duration gracePeriod) {
    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(10);
    /** The most a client can ask for in {@code --max-connections}; each connection takes a file descriptor. */
    public static final int MAX_CONNECTIONS_LIMIT = 4096;

    public ServerOptions {
        if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS_LIMIT) {
            throw JnetException.invalid("the connection limit must be between 1 and " + MAX_CONNECTIONS_LIMIT
                    + ", got " + maxConnections);
        }
        for (Duration d : new Duration[] {headerTimeout, idleTimeout, bodyTimeout, gracePeriod}) {
            if (d.isNegative() || d.isZero()) {
                throw JnetException.invalid("server timeouts must be positive, got " + d);
            }
        }
        if (bodyTimeout.compareTo(idleTimeout) >= 0) {
            // a stalled body must be answered 408 before its connection idles out (closed without an answer)
            throw JnetException.invalid("the body timeout (" + bodyTimeout + ") must be shorter than the idle timeout ("
                    + idleTimeout + ")");
        }
    }

    /** The defaults, root-only, with {@code gracePeriod} for a stop. */
    public static ServerOptions defaults(Duration gracePeriod) {
        return new ServerOptions(Optional.empty(), DEFAULT_MAX_CONNECTIONS, DEFAULT_HEADER_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_BODY_TIMEOUT, gracePeriod);
    }

    public ServerOptions withGroup(Optional<GroupPrincipal> value) {
        return new ServerOptions(value, maxConnections, headerTimeout, idleTimeout, bodyTimeout, gracePeriod);
    }

    public ServerOptions withMaxConnections(int value) {
        return new ServerOptions(group, value, headerTimeout, idleTimeout, bodyTimeout, gracePeriod);
    }

    /** The same options with the header and body timeouts {@code value}, the idle timeout twice that (tests use short ones). */
    ServerOptions withTimeouts(Duration value) {
        return new ServerOptions(group, maxConnections, value, value.multipliedBy(2), value, gracePeriod);
    }
}
