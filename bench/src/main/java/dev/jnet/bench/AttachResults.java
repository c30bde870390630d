package dev.jnet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every timed attach run, and the table and ratios made from them. */
final class AttachResults {
    /** jnet's per-attach median must be under this fraction of the faster peer's. */
    static final double TARGET_FRACTION_OF_FASTER_PEER = 0.5;

    private final List<AttachTiming> timings = new ArrayList<>();

    boolean isEmpty() {
        return timings.isEmpty();
    }

    void add(AttachTiming timing) {
        timings.add(timing);
    }

    /** One line for a run as it finishes. */
    static String line(AttachTiming t) {
        return "%-16s N=%-5d %-11s median %7.2f ms  p99 %7.2f ms  %7.0f attaches/s  %d failed".formatted(
                t.method(), t.containers(), t.mode(), t.medianMs(), t.p99Ms(), t.perSecond(), t.failed());
    }

    String table() {
        StringBuilder out = new StringBuilder("%-16s %6s  %-11s %10s %9s %12s %7s%n".formatted(
                "method", "N", "mode", "median ms", "p99 ms", "attaches/s", "failed"));
        for (AttachTiming t : timings) {
            out.append("%-16s %,6d  %-11s %10.2f %9.2f %12.0f %7d%n".formatted(t.method(), t.containers(), t.mode(),
                    t.medianMs(), t.p99Ms(), t.perSecond(), t.failed()));
        }
        return out.toString();
    }

    /** jnet's median over each peer's, per N and mode, and whether jnet is under half of the faster peer. */
    String ratios() {
        StringBuilder out = new StringBuilder();
        for (AttachTiming jnet : timings.stream().filter(t -> t.method().equals("jnet")).toList()) {
            Optional<AttachTiming> netavark = find("netavark", jnet);
            Optional<AttachTiming> cni = find("cni", jnet);
            if (netavark.isEmpty() && cni.isEmpty()) {
                continue;
            }
            double faster = Math.min(netavark.map(AttachTiming::medianMs).orElse(Double.MAX_VALUE),
                    cni.map(AttachTiming::medianMs).orElse(Double.MAX_VALUE));
            double fraction = jnet.medianMs() / faster;
            out.append("N=%-5d %-11s jnet/netavark %s  jnet/CNI %s  target (jnet < %.1f x faster peer): %s%n".formatted(
                    jnet.containers(), jnet.mode(), ratio(jnet, netavark), ratio(jnet, cni),
                    TARGET_FRACTION_OF_FASTER_PEER, fraction < TARGET_FRACTION_OF_FASTER_PEER ? "MET" : "MISSED"));
        }
        return out.toString();
    }

    /**
     * Per N and mode, jnet-macvlan's median over netavark-macvlan's and over jnet's on a bridge (the
     * {@code jnet} run of the same N and mode), where those ran; no target.
     */
    String macvlanRatios() {
        StringBuilder out = new StringBuilder();
        for (AttachTiming macvlan : timings.stream().filter(t -> t.method().equals("jnet-macvlan")).toList()) {
            Optional<AttachTiming> netavark = find("netavark-macvlan", macvlan);
            Optional<AttachTiming> bridge = find("jnet", macvlan);
            if (netavark.isEmpty() && bridge.isEmpty()) {
                continue;
            }
            out.append("N=%-5d %-11s jnet-macvlan/netavark-macvlan %s  jnet-macvlan/jnet (bridge) %s%n".formatted(
                    macvlan.containers(), macvlan.mode(), ratio(macvlan, netavark), ratio(macvlan, bridge)));
        }
        return out.toString();
    }

    /**
     * Per N and mode, from the {@code jnet-pinning} runs: the median and p99 of the connects to the pinned
     * network (even containers) and to the unpinned one (odd containers), all rounds together, and the
     * difference (what pinning costs a connect).
     */
    String pinningCost() {
        StringBuilder out = new StringBuilder();
        List<String> seen = new ArrayList<>();
        for (AttachTiming first : timings.stream().filter(t -> t.method().equals("jnet-pinning")).toList()) {
            String key = first.containers() + "/" + first.clients();
            if (seen.contains(key)) {
                continue;
            }
            seen.add(key);
            List<AttachTiming> runs = timings.stream().filter(t -> t.method().equals("jnet-pinning")
                    && t.containers() == first.containers() && t.clients() == first.clients()).toList();
            long[] on = latencies(runs, true);
            long[] off = latencies(runs, false);
            double onMedian = AttachTiming.percentileMs(on, 0.5);
            double offMedian = AttachTiming.percentileMs(off, 0.5);
            out.append(("N=%-5d %-11s pinned median %6.2f ms p99 %7.2f ms; unpinned median %6.2f ms p99 %7.2f ms; "
                    + "median difference %+.2f ms (%+.1f%%); %d+%d connects in %d run(s)%n").formatted(first.containers(),
                    first.mode(), onMedian, AttachTiming.percentileMs(on, 0.99), offMedian,
                    AttachTiming.percentileMs(off, 0.99), onMedian - offMedian, 100 * (onMedian - offMedian) / offMedian,
                    on.length, off.length, runs.size()));
        }
        return out.toString();
    }

    /** The successful connects of {@code runs} to the pinned (or the unpinned) network, sorted. */
    private static long[] latencies(List<AttachTiming> runs, boolean pinned) {
        return runs.stream().flatMapToLong(t -> java.util.stream.IntStream.range(0, t.inOrder().length)
                .filter(i -> JnetAttach.pinned(i) == pinned).mapToLong(i -> t.inOrder()[i])).filter(l -> l >= 0)
                .sorted().toArray();
    }

    private Optional<AttachTiming> find(String method, AttachTiming like) {
        return timings.stream().filter(t -> t.method().equals(method) && t.containers() == like.containers()
                && t.clients() == like.clients()).findFirst();
    }

    private static String ratio(AttachTiming jnet, Optional<AttachTiming> peer) {
        return peer.filter(p -> p.nanos().length > 0).map(p -> "%.2f".formatted(jnet.medianMs() / p.medianMs()))
                .orElse(" n/a");
    }
}
