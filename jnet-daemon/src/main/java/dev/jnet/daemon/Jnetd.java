package dev.jnet.daemon;

import dev.jnet.core.firewall.ForeignFirewallMode;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.netns.NetNs;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code jnetd}: the jnet daemon. Settings come from the defaults, then the {@code --config} file, then
 * the flags given. It runs until SIGTERM or SIGINT, then stops in order within {@link Daemon#GRACE_PERIOD}.
 * Exit status: 1 when it cannot start or its stop overran the grace period, 2 for a usage error; a stop by
 * signal ends as the JVM does (143 for SIGTERM, 130 for SIGINT).
 */
@Command(name = "jnetd", mixinStandardHelpOptions = true, versionProvider = Jnetd.Version.class,
        defaultValueProvider = Jnetd.Defaults.class, sortOptions = false, usageHelpWidth = 100,
        description = {"The jnet daemon: serves jnet's API (docs/api.md) over HTTP on a Unix socket, and the network part "
                + "of the Docker Engine API (docs/docker-api.md) on a second one, for the stock docker client:",
                "  docker -H unix:///run/jnet/docker.sock network ls"})
public final class Jnetd implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--socket", paramLabel = "PATH", description = "the API's Unix socket (default: ${DEFAULT-VALUE})")
    Path socket;

    @Option(names = "--docker-socket", paramLabel = "PATH",
            description = "the Docker API's Unix socket (default: docker.sock beside --socket, ${DEFAULT-VALUE})")
    Path dockerSocket;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "the store and sandbox files, root's only (mode 0700) (default: ${DEFAULT-VALUE})")
    Path stateDirectory;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "sandbox namespaces (default: ${DEFAULT-VALUE})")
    Path runDirectory;

    @Option(names = "--group", paramLabel = "NAME",
            description = "the group whose members may use both sockets (mode 0660, as dockerd's -G); using them is "
                    + "root-equivalent on this host's network. Default: none, the sockets are root's only (0600)")
    String group;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "connections each socket serves at once; one more is answered 503 (default: ${DEFAULT-VALUE})")
    Integer maxConnections;

    @Option(names = "--metrics-addr", paramLabel = "IP:PORT",
            description = "also serve GET /metrics (Prometheus) over TCP on this loopback address, as 127.0.0.1:9323 "
                    + "(default: only on --socket); other addresses are refused, as the listener has no authentication")
    String metricsAddress;

    @Option(names = "--docker-plugin", paramLabel = "NAME",
            description = "also serve Docker's network and IPAM plugin protocols as driver NAME, so that a dockerd in the same"
                    + " network namespace makes 'docker network create -d NAME [--ipam-driver NAME]' networks jnet's (see"
                    + " docs/runtimes.md); default: off")
    String dockerPlugin;

    @Option(names = "--docker-plugin-socket", paramLabel = "PATH",
            description = "the plugin's socket (default: /run/docker/plugins/NAME.sock, where dockerd looks)")
    Path dockerPluginSocket;

    @Option(names = "--docker-engine-socket", paramLabel = "PATH",
            description = "dockerd's API socket, where the plugin reads the names of dockerd's containers on jnet's global"
                    + " (overlay) networks, so that other hosts resolve them (default: /var/run/docker.sock)")
    Path dockerEngineSocket;

    @Option(names = "--plugin-socket-dir", paramLabel = "DIR",
            description = "where a Docker plugin named as a network driver ('-d NAME') has its socket NAME.sock or"
                    + " NAME/NAME.sock; repeat for more (default: /run/docker/plugins, as dockerd)")
    List<Path> pluginSocketDirs;

    @Option(names = "--plugin-spec-dir", paramLabel = "DIR",
            description = "where such a plugin's spec file NAME.spec (a URL) or NAME.json is, when it has no socket;"
                    + " repeat for more (default: /etc/docker/plugins and /usr/lib/docker/plugins)")
    List<Path> pluginSpecDirs;

    @Option(names = "--plugin-timeout", paramLabel = "SECONDS",
            description = "how long each call to such a plugin may take, and how long one that cannot be reached is tried"
                    + " when first used; also how long a CNI plugin may run (default: 30)")
    Double pluginTimeout;

    @Option(names = "--cni-path", paramLabel = "DIR",
            description = "where CNI plugins for 'cni' networks are (and CNI_PATH for them); repeat for more"
                    + " (default: /opt/cni/bin and /usr/lib/cni)")
    List<Path> cniPath;

    @Option(names = "--cni-conf-dir", paramLabel = "DIR",
            description = "where 'jnet network create -d cni -o cni.conflist=NAME' looks for the list NAME; repeat for"
                    + " more (default: /etc/cni/net.d)")
    List<Path> cniConfDirs;

    @CommandLine.Mixin
    ClusterFlags cluster = new ClusterFlags();

    @Option(names = "--config", paramLabel = "FILE",
            description = "a file of 'key = value' lines with these flags' names as keys (socket, docker-socket, state-dir, "
                    + "run-dir, log-level, log-format, foreign-firewall, group, max-connections, metrics-addr, docker-plugin, plugin-socket-dir, plugin-spec-dir, cni-path, cni-conf-dir (DIR:DIR), plugin-timeout, cluster-store, "
                    + "advertise-address and the other cluster-* flags); flags given win over it")
    Path configFile;

    @Option(names = "--log-level", paramLabel = "LEVEL", converter = LevelConverter.class,
            description = "error, warn, info, debug or trace (default: ${DEFAULT-VALUE})")
    LogLevel logLevel;

    @Option(names = "--log-format", paramLabel = "FORMAT",
            description = "text (one line per event, the default) or json (one JSON object per line: time, level, "
                    + "logger, message, error), for log collectors")
    String logFormat;

    @Option(names = "--foreign-firewall", paramLabel = "MODE", converter = ForeignFirewallConverter.class,
            description = {"what to do when another firewall's forward chain (Docker's FORWARD with policy drop, "
                    + "firewalld's final reject) would drop the traffic of jnet's bridges: insert (accept rules for jnet's "
                    + "bridges only, marked 'jnet', after that chain's own rules) or leave (change nothing; the log, "
                    + "'jnet system info' and 'jnet doctor' name the chain and the rule that would fix it) "
                    + "(default: ${DEFAULT-VALUE}); see docs/firewall.md"})
    ForeignFirewallMode foreignFirewall;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Jnetd()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        DaemonConfig config;
        try {
            config = resolve();
        } catch (JnetException e) {
            err.println("jnetd: " + e.getMessage());
            return 2;
        }
        LogSetup.configure(config.logLevel(), config.jsonLogs());
        Daemon daemon;
        try {
            daemon = Daemon.start(config, NetNs.PROCESS);
        } catch (RuntimeException e) {
            err.println("jnetd: cannot start: " + (e instanceof JnetException ? e.getMessage() : e.toString()));
            err.flush();
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> StopDeadline.run(daemon::close, Daemon.GRACE_PERIOD,
                Jnetd::overran), "jnetd-stop"));
        daemon.awaitStop();
        return 0;
    }

    /**
     * The stop took longer than the grace period (a request stuck on a lock keeps the store from closing, say):
     * the process ends anyway. The store is crash-safe, so this is no worse than a kill, and the next start
     * reconciles as after one.
     */
    private static void overran() {
        LoggerFactory.getLogger(Jnetd.class).error("jnetd did not stop within {} s (requests or the store are still "
                + "busy); ending without waiting for them", Daemon.GRACE_PERIOD.toSeconds());
        Runtime.getRuntime().halt(1);
    }

    /** Defaults, then the config file, then the flags the user gave. */
    DaemonConfig resolve() {
        DaemonConfig config = DaemonConfig.DEFAULTS;
        if (configFile != null) {
            config = ConfigFile.apply(configFile, config);
        }
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        if (given.hasMatchedOption("--socket")) {
            config = config.withSocket(socket);
        }
        if (given.hasMatchedOption("--docker-socket")) {
            config = config.withDockerSocket(dockerSocket);
        }
        if (given.hasMatchedOption("--state-dir")) {
            config = config.withStateDirectory(stateDirectory);
        }
        if (given.hasMatchedOption("--run-dir")) {
            config = config.withRunDirectory(runDirectory);
        }
        if (given.hasMatchedOption("--log-level")) {
            config = config.withLogLevel(logLevel);
        }
        if (given.hasMatchedOption("--log-format")) {
            config = config.withJsonLogs(LogSetup.parseFormat(logFormat));
        }
        if (given.hasMatchedOption("--foreign-firewall")) {
            config = config.withForeignFirewall(foreignFirewall);
        }
        if (given.hasMatchedOption("--group")) {
            config = config.withGroup(group);
        }
        if (given.hasMatchedOption("--max-connections")) {
            config = config.withMaxConnections(maxConnections);
        }
        if (given.hasMatchedOption("--metrics-addr")) {
            config = config.withMetricsAddress(metricsAddress);
        }
        if (given.hasMatchedOption("--docker-plugin")) {
            config = config.withDockerPlugin(dockerPluginSocket == null ? DaemonConfig.PluginSocket.named(dockerPlugin)
                    : new DaemonConfig.PluginSocket(dockerPlugin, dockerPluginSocket));
        } else if (given.hasMatchedOption("--docker-plugin-socket")) {
            throw dev.jnet.error.JnetException.invalid("--docker-plugin-socket needs --docker-plugin NAME");
        }
        if (dockerEngineSocket != null) {
            DaemonConfig.PluginSocket plugin = config.dockerPlugin().orElseThrow(() ->
                    dev.jnet.error.JnetException.invalid("--docker-engine-socket needs --docker-plugin NAME"));
            config = config.withDockerPlugin(plugin.withEngineSocket(dockerEngineSocket));
        }
        if (pluginSocketDirs != null) {
            config = config.withPlugins(config.plugins().withSockets(pluginSocketDirs));
        }
        if (pluginSpecDirs != null) {
            config = config.withPlugins(config.plugins().withSpecs(pluginSpecDirs));
        }
        if (cniPath != null) {
            config = config.withPlugins(config.plugins().withCniPath(cniPath));
        }
        if (cniConfDirs != null) {
            config = config.withPlugins(config.plugins().withCniConfDirs(cniConfDirs));
        }
        if (pluginTimeout != null) {
            config = config.withPlugins(config.plugins().withTimeout(Duration.ofMillis(Math.round(pluginTimeout * 1000))));
        }
        config = config.withCluster(cluster.apply(given, config.cluster()));
        config.cluster().config(); // checked now: a usage error, not a failed start
        refuseOwnSocketAsDockerd(config);
        return config;
    }

    /** The plugin must not read container names from one of jnetd's own sockets: it would ask itself. */
    private static void refuseOwnSocketAsDockerd(DaemonConfig config) {
        config.dockerPlugin().ifPresent(plugin -> {
            Path engine = plugin.engineSocket();
            if (engine.equals(config.dockerSocket()) || engine.equals(config.socket()) || engine.equals(plugin.socket())) {
                throw dev.jnet.error.JnetException.invalid("--docker-engine-socket " + engine + " is one of jnetd's own"
                        + " sockets; give dockerd's (its -H)");
            }
        });
    }

    /** Shows {@link DaemonConfig#DEFAULTS} in the help, so each default is declared once. */
    static final class Defaults implements CommandLine.IDefaultValueProvider {
        @Override
        public String defaultValue(CommandLine.Model.ArgSpec arg) {
            if (!(arg instanceof CommandLine.Model.OptionSpec option)) {
                return null;
            }
            DaemonConfig d = DaemonConfig.DEFAULTS;
            return switch (option.longestName()) {
                case "--socket" -> d.socket().toString();
                case "--docker-socket" -> d.dockerSocket().toString();
                case "--state-dir" -> d.stateDirectory().toString();
                case "--run-dir" -> d.runDirectory().toString();
                case "--log-level" -> d.logLevel().toString();
                case "--log-format" -> d.jsonLogs() ? "json" : "text";
                case "--foreign-firewall" -> d.foreignFirewall().toString();
                case "--max-connections" -> String.valueOf(d.maxConnections());
                default -> null;
            };
        }
    }

    static final class LevelConverter implements CommandLine.ITypeConverter<LogLevel> {
        @Override
        public LogLevel convert(String value) {
            try {
                return LogLevel.parse(value);
            } catch (JnetException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class ForeignFirewallConverter implements CommandLine.ITypeConverter<ForeignFirewallMode> {
        @Override
        public ForeignFirewallMode convert(String value) {
            try {
                return ForeignFirewallMode.parse(value);
            } catch (JnetException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jnetd " + Daemon.version(), "Java " + Runtime.version()};
        }
    }
}
