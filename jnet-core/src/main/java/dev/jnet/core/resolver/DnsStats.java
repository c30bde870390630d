package dev.jnet.core.resolver;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the embedded resolvers did since start, counted as they go: queries received, answered from jnet's
 * own names, forwarded upstream, answered with a failure (malformed, or no upstream answered in time).
 */
public final class DnsStats {
    final LongAdder queries = new LongAdder();
    final LongAdder local = new LongAdder();
    final LongAdder forwarded = new LongAdder();
    final LongAdder failures = new LongAdder();

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
}
