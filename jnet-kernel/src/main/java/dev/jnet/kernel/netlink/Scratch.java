package dev.jnet.kernel.netlink;

import dev.jnet.kernel.ffi.Libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The native memory one netlink request needs (a receive buffer, a send buffer, errno capture), lent
 * from a small shared pool for the length of a request. A socket owns none: with a buffer per socket,
 * jnetd held 68 KiB of native memory for every sandbox (68 MiB at 1,000). The pool keeps at most
 * {@link #KEPT} sets; more requests at once borrow sets that the garbage collector frees.
 */
final class Scratch {
    /** The kernel sends at most 32 KiB per datagram (dumps included); twice that leaves room. */
    static final int RECEIVE_BUFFER = 64 * 1024;
    private static final int FIRST_SEND_BUFFER = 4 * 1024;
    private static final int KEPT = 8;
    private static final ConcurrentLinkedQueue<Scratch> POOL = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger POOLED = new AtomicInteger();

    private final Arena arena;
    final MemorySegment receive;
    final MemorySegment callState;
    private MemorySegment send;

    private Scratch(Arena arena) {
        this.arena = arena;
        this.receive = arena.allocate(RECEIVE_BUFFER, 8);
        this.callState = Libc.callState(arena);
        this.send = arena.allocate(FIRST_SEND_BUFFER, 8);
    }

    /** A set from the pool, or a new one; give it back with {@link #release}. */
    static Scratch borrow() {
        Scratch s = POOL.poll();
        if (s != null) {
            POOLED.decrementAndGet();
            return s;
        }
        return new Scratch(Arena.ofAuto());
    }

    /** Returns the set to the pool unless the pool is full (then the garbage collector frees it). */
    void release() {
        if (POOLED.incrementAndGet() <= KEPT) {
            POOL.add(this);
        } else {
            POOLED.decrementAndGet();
        }
    }

    /** A send buffer of at least {@code bytes}, grown (and kept) when the current one is smaller. */
    MemorySegment sendBuffer(long bytes) {
        if (send.byteSize() < bytes) {
            send = arena.allocate(Math.max(bytes, send.byteSize() * 2), 8);
        }
        return send;
    }
}
