package dev.jnet.daemon;

import dev.jnet.core.controller.ControllerConfig;
import dev.jnet.core.driver.cni.CniSettings;
import dev.jnet.core.firewall.ForeignFirewallMode;
import dev.jnet.daemon.http.ServerOptions;
import dev.jnet.error.JnetException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where jnetd listens and keeps things, each default declared once.
 *
 * @param socket the API's Unix socket (default /run/jnet/jnet.sock)
 * @param dockerSocket the Docker Engine API's Unix socket (default {@code docker.sock} beside {@code socket})
 * @param stateDirectory the store, host id, lock file and sandbox files (default /var/lib/jnet)
 * @param runDirectory sandbox namespaces, under {@code netns/} (default /run/jnet)
 * @param logLevel how much to log (default info)
 * @param foreignFirewall what to do about another firewall's forward chain that drops jnet's bridges' traffic
 *                        (default insert: accept rules for jnet's bridges; leave: only report it)
 * @param group the group whose members may use both sockets (mode 0660); empty (the default): root only, 0600
 * @param maxConnections connections each socket serves at once (default 256); one more is answered 503
 * @param jsonLogs whether each log line is a JSON object (for machines) instead of text
 * @param metricsAddress where to serve {@code /metrics} over TCP too (a loopback address), if anywhere
 * @param dockerPlugin where to serve Docker's plugin protocols, if anywhere
 * @param cluster the cluster store and this host's address in the cluster, if it joins one
 * @param plugins where Docker plugins used as drivers are found ({@code --plugin-socket-dir}, {@code --plugin-spec-dir}) and how long their calls may take
 */
public record DaemonConfig(Path socket, Path dockerSocket, Path stateDirectory, Path runDirectory, LogLevel logLevel,
                           ForeignFirewallMode foreignFirewall, Optional<String> group, int maxConnections,
                           boolean jsonLogs, Optional<java.net.InetSocketAddress> metricsAddress,
                           Optional<PluginSocket> dockerPlugin, ClusterSettings cluster, PluginSettings plugins) {
    /**
     * jnetd as a Docker network plugin ({@code --docker-plugin NAME}): dockerd finds it as {@code NAME} on
     * {@code socket} ({@code /run/docker/plugins/NAME.sock} unless given), and jnet reads the names of its
     * containers on global networks from dockerd's API at {@code engineSocket} ({@code /var/run/docker.sock}
     * unless given).
     */
    public record PluginSocket(String name, Path socket, Path engineSocket) {
        static final Path PLUGIN_DIRECTORY = Path.of("/run/docker/plugins");
        static final Path ENGINE_SOCKET = Path.of("/var/run/docker.sock");

        public PluginSocket(String name, Path socket) {
            this(name, socket, ENGINE_SOCKET);
        }

        /** This plugin, reading dockerd's API at {@code value}. */
        public PluginSocket withEngineSocket(Path value) {
            return new PluginSocket(name, socket, value);
        }

        public PluginSocket {
            if (!name.matches("[a-z0-9][a-z0-9_.-]*")) {
                throw JnetException.invalid("plugin name '" + name + "' must be lower-case letters, digits, '_', '.'"
                        + " and '-', as dockerd's driver names");
            }
            socket = checkedSocket(socket);
            engineSocket = checkedSocket(engineSocket);
        }

        /** The plugin at dockerd's default place for {@code name}. */
        public static PluginSocket named(String name) {
            return new PluginSocket(name, PLUGIN_DIRECTORY.resolve(name + ".sock"));
        }
    }

    /**
     * Docker plugins as network drivers: where jnetd looks for one named as a driver, sockets ({@code NAME.sock},
     * {@code NAME/NAME.sock}) in {@code sockets}, then spec files ({@code NAME.spec}, {@code NAME.json}) in
     * {@code specs} (dockerd's directories by default), and how long each call may take ({@code timeout}; also
     * how long an unreachable plugin is tried while activating it, and how long a CNI plugin may run). CNI
     * plugins, for the {@code cni} driver, are found in {@code cniPath}, configuration lists named by name in
     * {@code cniConfDirs}.
     */
    public record PluginSettings(List<Path> sockets, List<Path> specs, Duration timeout, List<Path> cniPath,
                                 List<Path> cniConfDirs) {
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
        public static final PluginSettings DEFAULT = new PluginSettings(List.of(Path.of("/run/docker/plugins")),
                List.of(Path.of("/etc/docker/plugins"), Path.of("/usr/lib/docker/plugins")), DEFAULT_TIMEOUT);

        public PluginSettings {
            sockets = sockets.stream().map(p -> p.toAbsolutePath().normalize()).toList();
            specs = specs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
            if (timeout.compareTo(Duration.ofMillis(100)) < 0 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
                throw JnetException.invalid("the plugin timeout must be between 0.1 and 600 seconds, got " + timeout.toMillis() / 1000.0);
            }
            new CniSettings(cniPath, cniConfDirs, timeout); // checked now
        }

        /** These directories and timeout, CNI's default directories. */
        public PluginSettings(List<Path> sockets, List<Path> specs, Duration timeout) {
            this(sockets, specs, timeout, CniSettings.DEFAULT_PATH, CniSettings.DEFAULT_CONF_DIRS);
        }

        /** These directories, the default timeout. */
        public PluginSettings(List<Path> sockets, List<Path> specs) {
            this(sockets, specs, DEFAULT_TIMEOUT);
        }

        public PluginSettings withSockets(List<Path> value) {
            return new PluginSettings(value, specs, timeout, cniPath, cniConfDirs);
        }

        public PluginSettings withSpecs(List<Path> value) {
            return new PluginSettings(sockets, value, timeout, cniPath, cniConfDirs);
        }

        public PluginSettings withTimeout(Duration value) {
            return new PluginSettings(sockets, specs, value, cniPath, cniConfDirs);
        }

        public PluginSettings withCniPath(List<Path> value) {
            return new PluginSettings(sockets, specs, timeout, value, cniConfDirs);
        }

        public PluginSettings withCniConfDirs(List<Path> value) {
            return new PluginSettings(sockets, specs, timeout, cniPath, value);
        }

        /** What the {@code cni} driver is given. */
        public CniSettings cni() {
            return new CniSettings(cniPath, cniConfDirs, timeout);
        }
    }

    /** A group name as groupadd takes it, or a numeric group id. */
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}\\$?");
    public static final Path DEFAULT_SOCKET = Path.of("/run/jnet/jnet.sock");
    /** The Docker socket's file name, beside the native socket unless given. */
    static final String DOCKER_SOCKET_NAME = "docker.sock";
    public static final LogLevel DEFAULT_LOG_LEVEL = LogLevel.INFO;
    public static final DaemonConfig DEFAULTS = new DaemonConfig(DEFAULT_SOCKET, ControllerConfig.DEFAULT_STATE,
            ControllerConfig.DEFAULT_RUN, DEFAULT_LOG_LEVEL);
    public static final int DEFAULT_MAX_CONNECTIONS = ServerOptions.DEFAULT_MAX_CONNECTIONS;
    /** The longest path Linux takes for a Unix socket (sun_path is 108 bytes with the final NUL). */
    static final int MAX_SOCKET_PATH_BYTES = 107;

    public DaemonConfig {
        socket = checkedSocket(socket);
        dockerSocket = checkedSocket(dockerSocket);
        if (socket.equals(dockerSocket)) {
            throw JnetException.invalid("the Docker API socket must not be the native API's socket " + socket
                    + "; give another --docker-socket");
        }
        stateDirectory = stateDirectory.toAbsolutePath().normalize();
        runDirectory = runDirectory.toAbsolutePath().normalize();
        if (group.isPresent() && !GROUP_NAME.matcher(group.get()).matches()) {
            throw JnetException.invalid("'" + group.get() + "' is not a group name");
        }
        if (maxConnections < 1 || maxConnections > ServerOptions.MAX_CONNECTIONS_LIMIT) {
            throw JnetException.invalid("the connection limit must be between 1 and " + ServerOptions.MAX_CONNECTIONS_LIMIT
                    + ", got " + maxConnections);
        }
    }

    /**
     * A configuration with the Docker socket beside {@code socket}, the default foreign-firewall mode, root-only
     * sockets and the default connection cap.
     */
    public DaemonConfig(Path socket, Path stateDirectory, Path runDirectory, LogLevel logLevel) {
        this(socket, besides(socket), stateDirectory, runDirectory, logLevel, ForeignFirewallMode.DEFAULT, Optional.empty(),
                DEFAULT_MAX_CONNECTIONS, false, Optional.empty(), Optional.empty(), ClusterSettings.NONE,
                PluginSettings.DEFAULT);
    }

    private static Path checkedSocket(Path socket) {
        Path absolute = socket.toAbsolutePath().normalize();
        int length = absolute.toString().getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_SOCKET_PATH_BYTES) {
            throw JnetException.invalid("socket path " + absolute + " is " + length + " bytes long; a Unix socket path "
                    + "may have at most " + MAX_SOCKET_PATH_BYTES);
        }
        return absolute;
    }

    private static Path besides(Path socket) {
        return socket.toAbsolutePath().normalize().resolveSibling(DOCKER_SOCKET_NAME);
    }

    /** The native socket moved; a Docker socket that was beside it moves with it. */
    public DaemonConfig withSocket(Path value) {
        Path docker = dockerSocket.equals(besides(socket)) ? besides(value) : dockerSocket;
        return new DaemonConfig(value, docker, stateDirectory, runDirectory, logLevel, foreignFirewall, group, maxConnections, jsonLogs, metricsAddress, dockerPlugin, cluster, plugins);
    }

    public DaemonConfig withDockerSocket(Path value) {
        return new DaemonConfig(socket, value, stateDirectory, runDirectory, logLevel, foreignFirewall, group, maxConnections, jsonLogs, metricsAddress, dockerPlugin, cluster, plugins);
    }

    public DaemonConfig withStateDirectory(Path value) {
        return new DaemonConfig(socket, dockerSocket, value, runDirectory, logLevel, foreignFirewall, group, maxConnections, jsonLogs, metricsAddress, dockerPlugin, cluster, plugins);
    }

    public DaemonConfig withRunDirectory(Path value) {
        return new DaemonConfig(socket, dockerSocket, stateDirectory, value, logLevel, foreignFirewall, group, maxConnections, jsonLogs, metricsAddress, dockerPlugin, cluster, plugins);
    }

    public DaemonConfig withLogLevel(LogLevel value) {
        return new DaemonConfig(socket, dockerSocket, stateDirectory, runDirectory, value, foreignFirewall, group, maxConnections, jsonLogs, metricsAddress, dockerPlugin, cluster, plugins);
    }

    public DaemonConfig withGroup(String value) {
        return new DaemonConfig(socket, dockerSocket, stateDirectory, runDirectory, logLevel, foreignFirewall,
                Optional.of(value), maxConnections, jsonLogs, metricsAddress, dockerPlugin, cluster, plugins);
    }

    public DaemonConfig withForeignFirewall(ForeignFirewallMode value) {
        return new DaemonConfig(socket, dockerSocket, stateDirectory, runDirectory, logLevel, value, group, maxConnections, jsonLogs, metricsAddress, dockerPlugin, cluster, plugins);
    }

    public DaemonConfig withMaxConnections(int value) {
        return new DaemonConfig(socket, dockerSocket, stateDirectory, runDirectory, logLevel, foreignFirewall, group, value, jsonLogs, metricsAddress, dockerPlugin, cluster, plugins);
    }

    public DaemonConfig withJsonLogs(boolean value) {
        return new DaemonConfig(socket, dockerSocket, stateDirectory, runDirectory, logLevel, foreignFirewall, group,
                maxConnections, value, metricsAddress, dockerPlugin, cluster, plugins);
    }

    /** Also serves {@code /metrics} on {@code value} ({@code IP:PORT}, loopback only). */
    public DaemonConfig withMetricsAddress(String value) {
        return new DaemonConfig(socket, dockerSocket, stateDirectory, runDirectory, logLevel, foreignFirewall, group,
                maxConnections, jsonLogs, Optional.of(MetricsAddress.parse(value)), dockerPlugin, cluster, plugins);
    }

    /** Serves the Docker network plugin protocol as {@code value}. */
    public DaemonConfig withDockerPlugin(PluginSocket value) {
        return new DaemonConfig(socket, dockerSocket, stateDirectory, runDirectory, logLevel, foreignFirewall, group,
                maxConnections, jsonLogs, metricsAddress, Optional.of(value), cluster, plugins);
    }

    /** Looks for Docker plugins in {@code value}'s directories. */
    public DaemonConfig withPlugins(PluginSettings value) {
        return new DaemonConfig(socket, dockerSocket, stateDirectory, runDirectory, logLevel, foreignFirewall, group,
                maxConnections, jsonLogs, metricsAddress, dockerPlugin, cluster, value);
    }

    /** These settings with one cluster setting ({@link ClusterSettings#KEYS}) changed. */
    DaemonConfig withCluster(String key, String value) {
        return withCluster(cluster.with(key, value));
    }

    DaemonConfig withCluster(ClusterSettings value) {
        return new DaemonConfig(socket, dockerSocket, stateDirectory, runDirectory, logLevel, foreignFirewall, group,
                maxConnections, jsonLogs, metricsAddress, dockerPlugin, value, plugins);
    }

    /** The controller's part of this configuration (the host id comes from the state directory). */
    ControllerConfig controllerConfig() {
        return ControllerConfig.defaults().withDirectories(stateDirectory, runDirectory);
    }
}
