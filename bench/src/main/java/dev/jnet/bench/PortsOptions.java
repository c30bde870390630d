package dev.jnet.bench;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ports benchmark's command line.
 *
 * @param existing published ports already on the fake host at each measurement, ascending
 * @param ports published by each new, timed sandbox
 * @param repetitions timed connects with ports (and as many without) at each size
 * @param warmUp untimed connects with and without ports before the first size
 */
record PortsOptions(List<Integer> existing, int ports, int repetitions, int warmUp, JnetdOptions jnetd) {
    static final String USAGE = """
            usage: ports-benchmark.sh [--existing=0,1000,10000] [--ports=200] [--repetitions=15] [--warm-up=50]
                                      [--log-level=info] [--jnetd-logs=DIR] [--jnetd-java-options=OPTIONS]
              --existing          published ports already on the fake host when the new sandbox connects,
                                  ascending multiples of 200 up to 20000 (default 0,1000,10000)
              --ports             ports the new sandbox publishes, one 'HOST:CONTAINER/tcp' spec each,
                                  from 0 to 1000 (default 200)
              --repetitions       timed connects with ports, and as many without, at each size (default 15)
              --warm-up           connects with and without ports before the first size, not counted (default 50)
            """ + JnetdOptions.USAGE + """
            Needs root: it creates network namespaces (only its own, under /run/jnet-bench-PID).
            """;
    private static final int MAX_NEW_PORTS = 1000;

    /** The options, or empty when help was asked for; IllegalArgumentException when they are wrong. */
    static Optional<PortsOptions> parse(String[] args) {
        return CommandLine.parse(args, Set.of("--existing", "--ports", "--repetitions", "--warm-up")).map(p ->
                new PortsOptions(p.get("--existing", List.of(0, 1000, 10_000), PortsOptions::sizes),
                        p.number("--ports", 200, 0, MAX_NEW_PORTS), p.number("--repetitions", 15, 1, 1000),
                        p.number("--warm-up", 50, 0, 1000), p.jnetd()));
    }

    private static List<Integer> sizes(String value) {
        List<Integer> sizes = CommandLine.numbers("--existing", value, 0, PortsOnJnetd.MAX_EXISTING);
        for (int i = 0; i < sizes.size(); i++) {
            if (sizes.get(i) % PortsOnJnetd.FILL_PORTS != 0 || (i > 0 && sizes.get(i) <= sizes.get(i - 1))) {
                throw new IllegalArgumentException("--existing takes ascending multiples of " + PortsOnJnetd.FILL_PORTS
                        + ", not '" + value + "'");
            }
        }
        return sizes;
    }
}
