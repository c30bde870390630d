package dev.jnet.cluster;

import dev.jnet.error.JnetException;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach the cluster store: its endpoints, the deadline every call gets (a change fails with
 * "cluster store unreachable" once it passes), and the optional credentials (etcd user and password, or
 * TLS client certificates).
 *
 * @param endpoints etcd client URLs ({@code http://} or, with TLS, {@code https://})
 * @param timeout the longest any one store operation may take, read-back of an unknown outcome included
 * @param user the etcd user, if etcd has authentication on
 * @param password that user's password
 * @param tls the CA and client certificate files, for an etcd that serves TLS
 */
public record StoreConfig(List<URI> endpoints, Duration timeout, Optional<String> user, Optional<String> password,
                          Optional<Tls> tls) {
    /** The default deadline of a store operation. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /** TLS material in PEM files: the CA that signed etcd's certificate, and this client's certificate and key. */
    public record Tls(Path ca, Optional<Path> cert, Optional<Path> key) {
        public Tls {
            Objects.requireNonNull(ca, "ca");
            if (cert.isPresent() != key.isPresent()) {
                throw JnetException.invalid("a TLS client certificate needs its key and a key its certificate (give both)");
            }
        }
    }

    public StoreConfig {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw JnetException.invalid("the cluster store needs at least one etcd endpoint");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw JnetException.invalid("the cluster store timeout must be positive, not " + timeout);
        }
        if (user.isPresent() != password.isPresent()) {
            throw JnetException.invalid("an etcd user needs a password and a password a user (give both)");
        }
    }

    /** Plain etcd at {@code endpoints}, no credentials, the default timeout. */
    public static StoreConfig of(List<URI> endpoints) {
        return new StoreConfig(endpoints, DEFAULT_TIMEOUT, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Reads jnetd's {@code --cluster-store} value: {@code etcd://HOST:PORT[,HOST:PORT...]} (Docker's form),
     * giving {@code https} endpoints when {@code tls} is set.
     */
    public static List<URI> parseEndpoints(String store, boolean tls) {
        String prefix = "etcd://";
        if (!store.startsWith(prefix) || store.length() == prefix.length()) {
            throw JnetException.invalid("cluster store '" + store + "' is not etcd://HOST:PORT[,HOST:PORT...]");
        }
        List<URI> endpoints = new ArrayList<>();
        for (String hostPort : store.substring(prefix.length()).split(",", -1)) {
            endpoints.add(endpoint(store, hostPort, tls));
        }
        return endpoints;
    }

    private static URI endpoint(String store, String hostPort, boolean tls) {
        URI uri;
        try {
            uri = URI.create((tls ? "https://" : "http://") + hostPort);
        } catch (IllegalArgumentException e) {
            throw JnetException.invalid("cluster store '" + store + "': '" + hostPort + "' is not HOST:PORT");
        }
        if (uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535 || !uri.getPath().isEmpty()
                || uri.getQuery() != null || uri.getUserInfo() != null) {
            throw JnetException.invalid("cluster store '" + store + "': '" + hostPort + "' is not HOST:PORT");
        }
        return uri;
    }

    public StoreConfig withTimeout(Duration newTimeout) {
        return new StoreConfig(endpoints, newTimeout, user, password, tls);
    }

    public StoreConfig withCredentials(String newUser, String newPassword) {
        return new StoreConfig(endpoints, timeout, Optional.of(newUser), Optional.of(newPassword), tls);
    }

    public StoreConfig withTls(Tls newTls) {
        return new StoreConfig(endpoints, timeout, user, password, Optional.of(newTls));
    }
}
