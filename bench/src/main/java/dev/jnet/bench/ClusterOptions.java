package dev.jnet.bench;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster benchmark's command line.
 *
 * @param hosts the cluster sizes to measure, one fresh cluster each
 * @param runs connects timed for convergence at each size
 * @param connects connects of each kind timed for the connect latency (on the first size's cluster)
 * @param iperfSeconds how long each iperf3 run lasts (0 skips the throughput part)
 * @param leaseSeconds the hosts' lease time to live (a killed host's endpoints go after it)
 */
record ClusterOptions(List<Integer> hosts, int runs, int connects, int iperfSeconds, int leaseSeconds, JnetdOptions jnetd) {
    static final String USAGE = """
            usage: cluster-benchmark.sh [--hosts=3,10] [--runs=100] [--connects=100] [--iperf-seconds=5]
                                        [--lease-ttl=3] [--log-level=info] [--jnetd-logs=DIR]
              --hosts             cluster sizes, one fresh cluster of that many fake hosts each (default 3,10;
                                  2 to 50)
              --runs              connects timed for convergence per size (default 100)
              --connects          connects of each kind (bridge, overlay, internal overlay) timed on the first
                                  size's cluster, after as many untimed ones, with the other hosts running
                                  and then stopped, with the CPU each jnetd and etcd used per round
                                  (default 100; 0 skips the part)
              --iperf-seconds     length of each iperf3 run on the first size's cluster (default 5; 0 skips)
              --lease-ttl         the hosts' --cluster-lease-ttl in seconds (default 3; 2 to 60)
            """ + JnetdOptions.USAGE + """
            Needs root: it creates network namespaces (only its own, under /run/jnet-bench-PID), and runs etcd
            inside one of them.
            """;

    /** The options, or empty when help was asked for; IllegalArgumentException when they are wrong. */
    static Optional<ClusterOptions> parse(String[] args) {
        return CommandLine.parse(args, Set.of("--hosts", "--runs", "--connects", "--iperf-seconds", "--lease-ttl")).map(p ->
                new ClusterOptions(p.get("--hosts", List.of(3, 10), v -> CommandLine.numbers("--hosts", v, 2, 50)),
                        p.number("--runs", 100, 1, 10_000), p.number("--connects", 100, 0, 10_000),
                        p.number("--iperf-seconds", 5, 0, 600), p.number("--lease-ttl", 3, 2, 60), p.jnetd()));
    }
}
