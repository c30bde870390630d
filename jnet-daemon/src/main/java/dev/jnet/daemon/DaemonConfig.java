package dev.jnet.daemon;

import dev.jnet.core.controller.ControllerConfig;
import dev.jnet.error.JnetException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where jnetd listens and keeps things, each default declared once.
 *
 * @param socket the API's Unix socket (default /run/jnet/jnet.sock)
 * @param stateDirectory the store, host id, lock file and sandbox files (default /var/lib/jnet)
 * @param runDirectory sandbox namespaces, under {@code netns/} (default /run/jnet)
 * @param logLevel how much to log (default info)
 */
public record DaemonConfig(Path socket, Path stateDirectory, Path runDirectory, LogLevel logLevel) {
    public static final Path DEFAULT_SOCKET = Path.of("/run/jnet/jnet.sock");
    public static final LogLevel DEFAULT_LOG_LEVEL = LogLevel.INFO;
    public static final DaemonConfig DEFAULTS = new DaemonConfig(DEFAULT_SOCKET, ControllerConfig.DEFAULT_STATE,
            ControllerConfig.DEFAULT_RUN, DEFAULT_LOG_LEVEL);
    /** The longest path Linux takes for a Unix socket (sun_path is 108 bytes with the final NUL). */
    static final int MAX_SOCKET_PATH_BYTES = 107;

    public DaemonConfig {
        socket = socket.toAbsolutePath().normalize();
        stateDirectory = stateDirectory.toAbsolutePath().normalize();
        runDirectory = runDirectory.toAbsolutePath().normalize();
        int length = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_SOCKET_PATH_BYTES) {
            throw JnetException.invalid("socket path " + socket + " is " + length + " bytes long; a Unix socket path "
                    + "may have at most " + MAX_SOCKET_PATH_BYTES);
        }
    }

    public DaemonConfig withSocket(Path value) {
        return new DaemonConfig(value, stateDirectory, runDirectory, logLevel);
    }

    public DaemonConfig withStateDirectory(Path value) {
        return new DaemonConfig(socket, value, runDirectory, logLevel);
    }

    public DaemonConfig withRunDirectory(Path value) {
        return new DaemonConfig(socket, stateDirectory, value, logLevel);
    }

    public DaemonConfig withLogLevel(LogLevel value) {
        return new DaemonConfig(socket, stateDirectory, runDirectory, value);
    }

    /** The controller's part of this configuration. */
    ControllerConfig controllerConfig() {
        return ControllerConfig.defaults().withDirectories(stateDirectory, runDirectory);
    }
}
