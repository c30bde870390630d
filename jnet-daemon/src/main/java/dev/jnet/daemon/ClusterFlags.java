package dev.jnet.daemon;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** jnetd's flags for joining a cluster (docs/cluster.md); their values go through {@link ClusterSettings}. */
final class ClusterFlags {
    @Option(names = "--cluster-store", paramLabel = "URL",
            description = "join the cluster whose store is this etcd: etcd://HOST:PORT[,HOST:PORT...] (as dockerd's old "
                    + "--cluster-store); default: none, this host is on its own")
    String store;

    @Option(names = "--advertise-address", paramLabel = "IP",
            description = "this host's address that the other hosts reach (needed with --cluster-store)")
    String advertise;

    @Option(names = "--cluster-ca", paramLabel = "FILE", description = "the CA (PEM) of etcd's certificate: talk TLS to etcd")
    String ca;

    @Option(names = "--cluster-cert", paramLabel = "FILE", description = "this host's client certificate (PEM) for etcd")
    String cert;

    @Option(names = "--cluster-key", paramLabel = "FILE", description = "the key (PEM, PKCS#8) of --cluster-cert")
    String key;

    @Option(names = "--cluster-user", paramLabel = "NAME", description = "the etcd user, when etcd has authentication on")
    String user;

    @Option(names = "--cluster-password-file", paramLabel = "FILE", description = "a file holding that user's password")
    String passwordFile;

    @Option(names = "--cluster-lease-ttl", paramLabel = "SECONDS",
            description = "how long this host stays in the cluster after it stops renewing its registration (a crash); "
                    + "other hosts then drop its endpoints (default: 10)")
    String leaseTtl;

    /** {@code base} with the cluster flags the user gave. */
    ClusterSettings apply(CommandLine.ParseResult given, ClusterSettings base) {
        ClusterSettings settings = base;
        for (String key : ClusterSettings.KEYS) {
            if (given.hasMatchedOption("--" + key)) {
                settings = settings.with(key, given.matchedOptionValue("--" + key, ""));
            }
        }
        return settings;
    }
}
