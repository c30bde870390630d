package dev.jnet.daemon;

import dev.jnet.cluster.ClusterConfig;
import dev.jnet.cluster.StoreConfig;
import dev.jnet.error.JnetException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * jnetd's cluster settings as flags and the config file give them, one key at a time ({@link #KEYS}, the
 * flags' names without {@code --}); {@link #config} checks them together. No cluster store: single-host.
 */
record ClusterSettings(Optional<String> store, Optional<String> advertise, Optional<Path> ca, Optional<Path> cert,
                       Optional<Path> key, Optional<String> user, Optional<Path> passwordFile, Duration leaseTtl) {
    static final List<String> KEYS = List.of("cluster-store", "advertise-address", "cluster-ca", "cluster-cert",
            "cluster-key", "cluster-user", "cluster-password-file", "cluster-lease-ttl");
    static final ClusterSettings NONE = new ClusterSettings(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), ClusterConfig.DEFAULT_LEASE_TTL);

    /** These settings with {@code key} (one of {@link #KEYS}) set to {@code value}. */
    ClusterSettings with(String key, String value) {
        Optional<String> v = Optional.of(value);
        Optional<Path> p = Optional.of(Path.of(value));
        return switch (key) {
            case "cluster-store" -> new ClusterSettings(v, advertise, ca, cert, this.key, user, passwordFile, leaseTtl);
            case "advertise-address" -> new ClusterSettings(store, v, ca, cert, this.key, user, passwordFile, leaseTtl);
            case "cluster-ca" -> new ClusterSettings(store, advertise, p, cert, this.key, user, passwordFile, leaseTtl);
            case "cluster-cert" -> new ClusterSettings(store, advertise, ca, p, this.key, user, passwordFile, leaseTtl);
            case "cluster-key" -> new ClusterSettings(store, advertise, ca, cert, p, user, passwordFile, leaseTtl);
            case "cluster-user" -> new ClusterSettings(store, advertise, ca, cert, this.key, v, passwordFile, leaseTtl);
            case "cluster-password-file" -> new ClusterSettings(store, advertise, ca, cert, this.key, user, p, leaseTtl);
            case "cluster-lease-ttl" -> new ClusterSettings(store, advertise, ca, cert, this.key, user, passwordFile, seconds(value));
            default -> throw new IllegalArgumentException(key);
        };
    }

    private static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw JnetException.invalid("--cluster-lease-ttl takes whole seconds, not '" + value + "'");
        }
    }

    /** The cluster jnetd joins, or empty without {@code --cluster-store}; an invalid error for what does not fit. */
    Optional<ClusterConfig> config() {
        if (store.isEmpty()) {
            if (advertise.isPresent() || ca.isPresent() || cert.isPresent() || key.isPresent() || user.isPresent()
                    || passwordFile.isPresent()) {
                throw JnetException.invalid("--advertise-address and the --cluster-* settings need --cluster-store etcd://HOST:PORT");
            }
            return Optional.empty();
        }
        if (advertise.isEmpty()) {
            throw JnetException.invalid("--cluster-store needs --advertise-address IP: this host's address on the network"
                    + " the other hosts reach it on (the outer source address of its VXLAN packets)");
        }
        if (ca.isEmpty() && (cert.isPresent() || key.isPresent())) {
            throw JnetException.invalid("--cluster-cert and --cluster-key need --cluster-ca (the CA of etcd's certificate)");
        }
        StoreConfig storeConfig = StoreConfig.of(StoreConfig.parseEndpoints(store.get(), ca.isPresent()));
        if (ca.isPresent()) {
            storeConfig = storeConfig.withTls(new StoreConfig.Tls(readable(ca.get()), cert.map(ClusterSettings::readable),
                    key.map(ClusterSettings::readable)));
        }
        if (user.isPresent() != passwordFile.isPresent()) {
            throw JnetException.invalid("--cluster-user and --cluster-password-file go together");
        }
        if (user.isPresent()) {
            storeConfig = storeConfig.withCredentials(user.get(), password(passwordFile.get()));
        }
        return Optional.of(new ClusterConfig(storeConfig, address(advertise.get()), leaseTtl));
    }

    private static InetAddress address(String text) {
        if (!text.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw JnetException.invalid("--advertise-address '" + text + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw JnetException.invalid("--advertise-address '" + text + "' is not an IP address");
        }
    }

    private static Path readable(Path file) {
        if (!Files.isReadable(file)) {
            throw JnetException.invalid("cluster TLS file " + file + " does not exist or cannot be read");
        }
        return file;
    }

    private static String password(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw JnetException.invalid("cannot read --cluster-password-file " + file + ": " + e.getMessage());
        }
    }
}
