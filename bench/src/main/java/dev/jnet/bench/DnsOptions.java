package dev.jnet.bench;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The DNS benchmark's command line.
 *
 * @param pacedQps queries per second of the extra paced run, which shows latency below saturation; 0 skips it
 */
record DnsOptions(int seconds, int warmUp, int names, int clients, int outstanding, int pacedQps,
                  List<String> servers, String logLevel, Optional<String> jnetdJavaOptions) {
    static final List<String> SERVERS = List.of("jnet", "aardvark");

    DnsOptions {
        servers = List.copyOf(servers);
    }

    /** The measured, saturating load: as fast as the server answers, per-query latencies recorded. */
    Dnsperf.Load measured() {
        return new Dnsperf.Load(seconds, clients, outstanding, 0, true);
    }

    Dnsperf.Load warmUpLoad() {
        return new Dnsperf.Load(warmUp, clients, outstanding, 0, false);
    }

    Optional<Dnsperf.Load> paced() {
        return pacedQps == 0 ? Optional.empty()
                : Optional.of(new Dnsperf.Load(seconds, clients, outstanding, pacedQps, true));
    }

    /** The options, or empty when help was asked for; IllegalArgumentException when they are wrong. */
    static Optional<DnsOptions> parse(String[] args) {
        int seconds = 20;
        int warmUp = 3;
        int names = 20;
        int clients = 4;
        int outstanding = 200;
        int pacedQps = 20_000;
        List<String> servers = SERVERS;
        String logLevel = "info";
        Optional<String> javaOptions = Optional.empty();
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help")) {
                return Optional.empty();
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? "" : arg.substring(eq + 1);
            switch (name) {
                case "--seconds" -> seconds = number(name, value, 1, 600);
                case "--warm-up" -> warmUp = number(name, value, 0, 60);
                case "--names" -> names = number(name, value, 1, 250);
                case "--clients" -> clients = number(name, value, 1, 64);
                case "--outstanding" -> outstanding = number(name, value, 1, 65_535);
                case "--paced-qps" -> pacedQps = number(name, value, 0, 1_000_000);
                case "--servers" -> {
                    servers = List.of(value.split(","));
                    if (!SERVERS.containsAll(servers) || servers.size() != Set.copyOf(servers).size()) {
                        throw new IllegalArgumentException("--servers takes distinct names out of " + SERVERS);
                    }
                }
                case "--log-level" -> {
                    if (!List.of("error", "warn", "info", "debug", "trace").contains(value)) {
                        throw new IllegalArgumentException("--log-level is error, warn, info, debug or trace");
                    }
                    logLevel = value;
                }
                case "--jnetd-java-options" -> javaOptions = Optional.of(value);
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return Optional.of(new DnsOptions(seconds, warmUp, names, clients, outstanding, pacedQps, servers, logLevel,
                javaOptions));
    }

    private static int number(String option, String value, int min, int max) {
        return CommandLine.number(option, value, min, max);
    }
}
