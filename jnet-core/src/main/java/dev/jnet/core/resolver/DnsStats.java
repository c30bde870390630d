package dev.jnet.core.resolver;

import dev.jnet.core.stats.Latency;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the embedded resolvers did since start, counted as they go: queries received, answered from jnet's
 * own names, forwarded upstream, answered with a failure (malformed, or no upstream answered in time); and
 * how long answers took from a query's arrival, local ones and forwarded ones apart.
 */
public final class DnsStats {
    final LongAdder queries = new LongAdder();
    final LongAdder local = new LongAdder();
    final LongAdder forwarded = new LongAdder();
    final LongAdder failures = new LongAdder();
    final Latency localTime = new Latency();
    final Latency forwardedTime = new Latency();

    public long queries() {
        return queries.sum();
    }

    public long answeredLocally() {
        return local.sum();
    }

    public long forwarded() {
        return forwarded.sum();
    }

    public long failures() {
        return failures.sum();
    }

    /** From a query's arrival to the answer from jnet's own names, sent. */
    public Latency localAnswerTime() {
        return localTime;
    }

    /** From a query's arrival to the upstream's answer (or the failure), sent. */
    public Latency forwardedAnswerTime() {
        return forwardedTime;
    }
}
