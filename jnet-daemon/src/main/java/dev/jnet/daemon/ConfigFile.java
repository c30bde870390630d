package dev.jnet.daemon;

import dev.jnet.core.firewall.ForeignFirewallMode;
import dev.jnet.error.JnetException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * jnetd's configuration file: one {@code key = value} a line, with the flags' names as keys
 * ({@code socket}, {@code docker-socket}, {@code state-dir}, {@code run-dir}, {@code log-level},
 * {@code log-format}, {@code foreign-firewall}, {@code group}, {@code max-connections}, {@code metrics-addr}, {@code docker-plugin}, {@code plugin-socket-dir}, {@code plugin-spec-dir}, {@code cni-path} and {@code cni-conf-dir} (directories separated by {@code :}), {@code plugin-timeout} (seconds), and the cluster's, {@code cluster-store} and the
 * others of {@link ClusterSettings#KEYS}); blank lines and lines starting
 * with {@code #} are ignored. An unknown or repeated key is an error that names the line.
 */
final class ConfigFile {
    static final List<String> KEYS = List.of("socket", "docker-socket", "state-dir", "run-dir", "log-level",
            "log-format", "foreign-firewall", "group", "max-connections", "metrics-addr", "docker-plugin",
            "plugin-socket-dir", "plugin-spec-dir", "plugin-timeout", "cni-path", "cni-conf-dir", "cluster-store", "advertise-address", "cluster-ca", "cluster-cert", "cluster-key", "cluster-user",
            "cluster-password-file", "cluster-lease-ttl");

    private ConfigFile() {}

    /** {@code base} with the settings of the file applied. */
    static DaemonConfig apply(Path file, DaemonConfig base) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw JnetException.notFound("config file " + file + " does not exist");
        } catch (IOException e) {
            throw JnetException.invalid("cannot read config file " + file + ": " + e.getMessage());
        }
        DaemonConfig config = base;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1);
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw JnetException.invalid(where + ": expected 'key = value', got '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (!KEYS.contains(key)) {
                throw JnetException.invalid(where + ": unknown key '" + key + "' (known: " + String.join(", ", KEYS) + ")");
            }
            if (!seen.add(key)) {
                throw JnetException.invalid(where + ": '" + key + "' is set twice");
            }
            if (value.isEmpty()) {
                throw JnetException.invalid(where + ": '" + key + "' has no value");
            }
            config = set(config, key, value, where);
        }
        return config;
    }

    private static int number(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw JnetException.invalid("'" + value + "' is not a number");
        }
    }

    private static DaemonConfig set(DaemonConfig config, String key, String value, String where) {
        try {
            return switch (key) {
                case "socket" -> config.withSocket(Path.of(value));
                case "docker-socket" -> config.withDockerSocket(Path.of(value));
                case "state-dir" -> config.withStateDirectory(Path.of(value));
                case "run-dir" -> config.withRunDirectory(Path.of(value));
                case "log-level" -> config.withLogLevel(LogLevel.parse(value));
                case "log-format" -> config.withJsonLogs(LogSetup.parseFormat(value));
                case "foreign-firewall" -> config.withForeignFirewall(ForeignFirewallMode.parse(value));
                case "group" -> config.withGroup(value);
                case "max-connections" -> config.withMaxConnections(number(value));
                case "metrics-addr" -> config.withMetricsAddress(value);
                case "docker-plugin" -> config.withDockerPlugin(DaemonConfig.PluginSocket.named(value));
                case "plugin-socket-dir" -> config.withPlugins(config.plugins().withSockets(paths(value)));
                case "plugin-spec-dir" -> config.withPlugins(config.plugins().withSpecs(paths(value)));
                case "cni-path" -> config.withPlugins(config.plugins().withCniPath(paths(value)));
                case "cni-conf-dir" -> config.withPlugins(config.plugins().withCniConfDirs(paths(value)));
                case "plugin-timeout" -> config.withPlugins(config.plugins().withTimeout(seconds(value)));
                case "cluster-store", "advertise-address", "cluster-ca", "cluster-cert", "cluster-key", "cluster-user",
                     "cluster-password-file", "cluster-lease-ttl" -> config.withCluster(key, value);
                default -> throw new IllegalStateException("key " + key + " is in KEYS but not handled");
            };
        } catch (JnetException e) {
            throw JnetException.invalid(where + ": " + e.getMessage());
        } catch (InvalidPathException e) {
            throw JnetException.invalid(where + ": '" + value + "' is not a valid path");
        }
    }

    private static List<Path> paths(String value) {
        return Arrays.stream(value.split(":")).map(String::strip).filter(v -> !v.isEmpty()).map(Path::of).toList();
    }

    private static Duration seconds(String value) {
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
        } catch (NumberFormatException e) {
            throw JnetException.invalid("'" + value + "' is not a number of seconds");
        }
    }
}
