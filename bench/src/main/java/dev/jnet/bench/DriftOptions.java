package dev.jnet.bench;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The drift benchmark's command line.
 *
 * @param existing published ports on the fake host at each measurement, ascending
 * @param windowSeconds how long the drift watch thread's CPU time is sampled at each size
 */
record DriftOptions(List<Integer> existing, int windowSeconds, JnetdOptions jnetd) {
    static final String USAGE = """
            usage: drift-benchmark.sh [--existing=0,1000,10000] [--window=30]
                                      [--log-level=info] [--jnetd-logs=DIR] [--jnetd-java-options=OPTIONS]
              --existing          published ports on the fake host at each measurement, ascending multiples
                                  of 200 up to 20000 (default 0,1000,10000)
              --window            seconds over which the drift watch thread's CPU time is sampled at each
                                  size, from 4 to 600 (default 30; jnetd checks its firewall every 2 s)
            """ + JnetdOptions.USAGE + """
            Needs root: it creates network namespaces (only its own, under /run/jnet-bench-PID).
            """;

    /** The options, or empty when help was asked for; IllegalArgumentException when they are wrong. */
    static Optional<DriftOptions> parse(String[] args) {
        return CommandLine.parse(args, Set.of("--existing", "--window")).map(p ->
                new DriftOptions(p.get("--existing", List.of(0, 1000, 10_000), DriftOptions::sizes),
                        p.number("--window", 30, 4, 600), p.jnetd()));
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
