package dev.jnet.bench;

import java.util.Arrays;

/**
 * The timed connects at one number of published ports already on the fake host: each connect of a new
 * sandbox that publishes {@code ports} ports, and each connect of one that publishes none, the baseline.
 * The difference of their medians is what the ports themselves cost.
 *
 * @param withPorts every connect with ports, in nanoseconds, sorted
 * @param withoutPorts every connect without ports, in nanoseconds, sorted
 */
record PortsTiming(int existing, int ports, long[] withPorts, long[] withoutPorts) {
    PortsTiming {
        withPorts = Arrays.stream(withPorts).sorted().toArray();
        withoutPorts = Arrays.stream(withoutPorts).sorted().toArray();
    }

    /** The median connect with ports: the benchmark's t(existing). */
    double medianMs() {
        return AttachTiming.percentileMs(withPorts, 0.5);
    }

    double p90Ms() {
        return AttachTiming.percentileMs(withPorts, 0.9);
    }

    double minMs() {
        return AttachTiming.percentileMs(withPorts, 0);
    }

    /** The median connect without ports. */
    double baselineMs() {
        return AttachTiming.percentileMs(withoutPorts, 0.5);
    }

    /** What publishing the ports adds to a connect: the difference of the medians. */
    double portsCostMs() {
        return medianMs() - baselineMs();
    }
}
