package dev.jnet.cli.client;

import java.nio.file.Path;
import java.util.Map;

/** Where jnetd listens: the {@code --socket} option, else {@code JNET_SOCKET}, else the default. */
public final class SocketPath {
    /** jnetd's default socket (see docs/api.md). */
    public static final Path DEFAULT = Path.of("/run/jnet/jnet.sock");
    /** The environment variable that names the socket when {@code --socket} is not given. */
    public static final String ENVIRONMENT_VARIABLE = "JNET_SOCKET";

    private SocketPath() {}

    /**
     * The socket to use.
     *
     * @param option the {@code --socket} value, or null when not given
     * @param environment the process environment (only {@value #ENVIRONMENT_VARIABLE} is read)
     */
    public static Path resolve(Path option, Map<String, String> environment) {
        if (option != null) {
            return option;
        }
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        return fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT : Path.of(fromEnvironment);
    }
}
