package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.rtnl.RtNetlink;
import dev.jnet.net.IfName;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Times publishing ports (issue 4): a new sandbox connects to a bridge network publishing 200 ports
 * through a real jnetd (started with {@code bin/jnetd} in a throwaway fake host, driven over its Unix
 * socket), on a host that already publishes 0, 1,000 and 10,000 ports. For each size it prints the
 * median, p90 and fastest connect, the same connect without ports and the difference (what the ports
 * cost), and ends with a table and the targets: under 100 ms at 10,000, and at most 1.5 times the time
 * at 0. Run as root (bench/ports-benchmark.sh).
 *
 * <p>Every timed connect is of a fresh sandbox, removed afterwards so the host keeps its number of ports;
 * connects with and without ports alternate. At each size nft (run in the fake host, independent of jnet)
 * must show the existing ports, and one more new sandbox must show its elements in jnet's map and be
 * reached at 127.0.0.1:HOSTPORT in the fake host. Nothing outside the benchmark's namespaces and
 * {@code /run/jnet-bench-PID} changes; the machine's own namespace is compared before and after.
 */
public final class PortsBenchmark {
    private static final long QUIET_TIMEOUT_MS = 5_000;

    private final PortsOptions options;
    private final BenchmarkFrame frame;
    private final Path nftErrors;
    private final PortsResults results = new PortsResults();
    private int unsettled;
    private int timed;

    private PortsBenchmark(PortsOptions options, BenchmarkFrame frame) {
        this.options = options;
        this.frame = frame;
        this.nftErrors = frame.work().resolve("nft.err");
    }

    public static void main(String[] args) {
        Optional<PortsOptions> parsed;
        try {
            parsed = PortsOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.print(e.getMessage() + System.lineSeparator() + PortsOptions.USAGE);
            System.exit(2);
            return;
        }
        if (parsed.isEmpty()) {
            System.out.print(PortsOptions.USAGE);
            return;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            System.err.println("ports benchmark: needs root to create network namespaces");
            System.exit(2);
        }
        PortsOptions options = parsed.get();
        System.exit(BenchmarkFrame.run("ports benchmark", () -> { },
                frame -> new PortsBenchmark(options, frame).run()));
    }

    private void run() {
        System.out.println(Machine.describe(frame.work()));
        System.out.println("load average at start: " + Machine.loadAverage()
                + " (other work on the machine shows in the timings)");
        System.out.printf("workload: connect a new sandbox to a bridge network (%s) publishing %d ports, one "
                + "'HOST:CONTAINER/tcp' spec each, on a host that already publishes %s ports; %d times with and %d "
                + "without ports at each size, alternating, each once the CPUs are quiet%n", PortsOnJnetd.SUBNET,
                options.ports(), options.existing(), options.repetitions(), options.repetitions());
        NetNs host = frame.namespaces().create("jnetd-host");
        loopbackUp(host);
        JnetdUnderTest jnetd = frame.startJnetd(host, options.jnetd());
        try (PortsOnJnetd api = new PortsOnJnetd(jnetd.socket())) {
            api.createNetwork();
            warmUp(api);
            for (int existing : options.existing()) {
                fill(api, host, existing);
                PortsTiming timing = time(api, existing);
                results.add(timing);
                System.out.println(PortsResults.line(timing));
                System.out.println("    " + check(api, host, existing));
            }
            System.out.println("jnet's nftables maps and sets at the end (elements, nft -j in the fake host): "
                    + NftMaps.read(host, nftErrors).summary());
            System.out.printf("jnetd RSS at the end: %.1f MiB (VmRSS of pid %d)%n", jnetd.rssKib() / 1024.0, jnetd.pid());
        }
        System.out.println();
        System.out.print(results.table());
        results.targets().forEach(System.out::println);
        if (unsettled > 0) {
            System.out.printf("note: the CPUs stayed busy before %d of %d timed connects; those may include other "
                    + "work%n", unsettled, timed);
        }
        System.out.println("load average at end: " + Machine.loadAverage());
    }

    /** As on every real host, so that 127.0.0.1 works in the fake host. */
    private void loopbackUp(NetNs host) {
        try (RtNetlink rtnl = RtNetlink.open(frame.executor(), host)) {
            rtnl.links().setUp(IfName.of("lo"));
        }
    }

    /** Grows the host's published ports to {@code existing} (not timed) and checks them with nft. */
    private void fill(PortsOnJnetd api, NetNs host, int existing) {
        long start = System.nanoTime();
        api.fillTo(existing);
        double seconds = (System.nanoTime() - start) / 1e9;
        int seen = NftMaps.read(host, nftErrors).size(NftMaps.PORTS);
        if (seen != existing) {
            throw new BenchmarkException("jnet's map " + NftMaps.PORTS + " holds " + seen + " elements, not the "
                    + existing + " published");
        }
        System.out.printf("existing %,6d: published by %d sandboxes of %d (%.1f s, not timed); nft shows %,d "
                + "elements in %s%n", existing, existing / PortsOnJnetd.FILL_PORTS, PortsOnJnetd.FILL_PORTS, seconds,
                seen, NftMaps.PORTS);
    }

    /**
     * Connects and removes sandboxes with and without ports, back to back and not timed, so that jnetd's
     * JIT compiler has done its work before the first size (measured first) is timed.
     */
    private void warmUp(PortsOnJnetd api) {
        long start = System.nanoTime();
        for (int i = 0; i < options.warmUp(); i++) {
            api.remove(api.connectNew("warm-up-ports-" + i, PortsOnJnetd.newBlock(options.ports())));
            api.remove(api.connectNew("warm-up-none-" + i, PortsOnJnetd.newBlock(0)));
        }
        System.out.printf("warm-up: %d connects with and %d without ports in %.1f s, not counted%n", options.warmUp(),
                options.warmUp(), (System.nanoTime() - start) / 1e9);
    }

    /** The timed connects at one size: with ports and without, alternating. */
    private PortsTiming time(PortsOnJnetd api, int existing) {
        long[] with = new long[options.repetitions()];
        long[] without = new long[options.repetitions()];
        for (int r = 0; r < options.repetitions(); r++) {
            with[r] = timedConnect(api, "new-%d-%d-ports".formatted(existing, r), options.ports());
            without[r] = timedConnect(api, "new-%d-%d-none".formatted(existing, r), 0);
        }
        return new PortsTiming(existing, options.ports(), with, without);
    }

    /**
     * The time of one connect of a fresh sandbox publishing {@code ports} ports, once the kernel has torn
     * down the last removed sandbox; the sandbox is removed.
     */
    private long timedConnect(PortsOnJnetd api, String name, int ports) {
        timed++;
        if (Machine.awaitQuiet(QUIET_TIMEOUT_MS) < 0) {
            unsettled++;
        }
        PortsOnJnetd.Connected sandbox = api.connectNew(name, PortsOnJnetd.newBlock(ports));
        api.remove(sandbox);
        return sandbox.nanos();
    }

    /**
     * One more new sandbox, not timed: nft must show its elements (and the existing ones, and only those
     * after its removal), and its first and last port must be reached at 127.0.0.1 in the fake host.
     */
    private String check(PortsOnJnetd api, NetNs host, int existing) {
        PortBlock block = PortsOnJnetd.newBlock(options.ports());
        PortsOnJnetd.Connected sandbox = api.connectNew("check-" + existing, block);
        int total;
        try {
            NftMaps maps = NftMaps.read(host, nftErrors);
            total = maps.size(NftMaps.PORTS);
            List<String> missing = maps.missing(NftMaps.PORTS, IntStream.range(0, block.count())
                    .mapToObj(i -> block.nftElement(i, sandbox.address())).toList());
            if (!missing.isEmpty() || total != existing + block.count()) {
                throw new BenchmarkException("jnet's map %s holds %d elements, not %d, and lacks %d of the new sandbox's, e.g. %s"
                        .formatted(NftMaps.PORTS, total, existing + block.count(), missing.size(),
                                missing.stream().limit(3).toList()));
            }
            if (block.count() > 0) {
                PublishedPortCheck ports = new PublishedPortCheck(frame.executor(), host);
                ports.verify(sandbox.namespace(), block.hostPort(0), block.containerPort(0));
                ports.verify(sandbox.namespace(), block.lastHostPort(), block.containerPort(block.count() - 1));
            }
        } finally {
            api.remove(sandbox);
        }
        int after = NftMaps.read(host, nftErrors).size(NftMaps.PORTS);
        if (after != existing) {
            throw new BenchmarkException("after the new sandbox's removal " + NftMaps.PORTS + " holds " + after
                    + " elements, not " + existing);
        }
        return block.count() == 0
                ? "checked: nft shows %,d elements in %s, with and without the new sandbox".formatted(total, NftMaps.PORTS)
                : ("checked: nft shows the new sandbox's %d elements in %s (%,d in all, %,d after its removal); "
                        + "127.0.0.1:%d and :%d in the fake host reach ports %d and %d in it").formatted(block.count(),
                        NftMaps.PORTS, total, after, block.hostPort(0), block.lastHostPort(), block.containerPort(0),
                        block.containerPort(block.count() - 1));
    }
}
