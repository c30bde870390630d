package dev.jnet.cli.client;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where jnetd listens: {@code --socket PATH} or {@code -H unix:///PATH} (docker's form), else
 * {@code JNET_HOST} (as {@code DOCKER_HOST}), else {@code JNET_SOCKET}, else the default.
 */
public final class SocketPath {
    /** jnetd's default socket (see docs/api.md). */
    public static final Path DEFAULT = Path.of("/run/jnet/jnet.sock");
    /** The environment variable that names the socket as a path. */
    public static final String ENVIRONMENT_VARIABLE = "JNET_SOCKET";
    /** The environment variable that names the socket as {@code -H} does, {@code unix:///PATH}. */
    public static final String HOST_VARIABLE = "JNET_HOST";
    private static final String UNIX = "unix://";

    private SocketPath() {}

    /**
     * The socket to use.
     *
     * @param socket the {@code --socket} value, or null when not given
     * @param host the {@code -H} value (already a path, see {@link #fromHost}), or null when not given
     * @param environment the process environment (only {@value #HOST_VARIABLE} and {@value #ENVIRONMENT_VARIABLE} are read)
     * @throws IllegalArgumentException when {@code --socket} and {@code -H} name different sockets
     * @throws JnetException (INVALID) when {@value #HOST_VARIABLE} is not a {@code unix://} address
     */
    public static Path resolve(Path socket, Path host, Map<String, String> environment) {
        if (socket != null && host != null && !socket.equals(host)) {
            throw new IllegalArgumentException("--socket " + socket + " and -H unix://" + host + " name different sockets");
        }
        if (socket != null || host != null) {
            return socket != null ? socket : host;
        }
        String fromHost = environment.get(HOST_VARIABLE);
        if (fromHost != null && !fromHost.isBlank()) {
            try {
                return fromHost(fromHost);
            } catch (IllegalArgumentException e) {
                throw new JnetException(ErrorKind.INVALID, HOST_VARIABLE + ": " + e.getMessage());
            }
        }
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        return fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT : Path.of(fromEnvironment);
    }

    /**
     * A socket named as docker's {@code -H} names one: {@code unix:///PATH}, or the absolute path alone.
     *
     * @throws IllegalArgumentException for anything else (jnet talks to jnetd over its Unix socket only)
     */
    public static Path fromHost(String host) {
        String path = host.startsWith(UNIX) ? host.substring(UNIX.length()) : host;
        if (!path.startsWith("/") || path.contains("://")) {
            throw new IllegalArgumentException("jnet talks to jnetd over its Unix socket only: give unix:///PATH, not '"
                    + host + "'");
        }
        return Path.of(path);
    }
}
