package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;

/** A way of doing the {@link Workload} inside a namespace, timed. */
sealed interface Contender permits JnetContender, IpPerProcessContender, IpBatchContender {
    /** A short name for namespaces and files, such as {@code jnet}. */
    String name();

    /** A label for the results table. */
    String label();

    /**
     * Does the work inside {@code ns}, which is fresh and empty, and returns how long it took. Preparation
     * that a real caller would not repeat (writing an input file) happens before the clock starts.
     */
    Measurement run(Workload workload, NetNs ns);
}
