package dev.jnet.kernel.netns;

import dev.jnet.error.JnetException;
import dev.jnet.kernel.Errno;
import dev.jnet.kernel.KernelException;
import dev.jnet.kernel.ffi.Libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * A lock held per network namespace: a Unix socket bound to a name in the abstract namespace, which
 * belongs to the network namespace. Only one holder per name and namespace; the kernel releases it when
 * the holder closes it or dies, so a crash never leaves it stuck.
 */
public final class NamespaceLock implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;

    private final int fd;
    private boolean closed;

    private NamespaceLock(int fd) {
        this.fd = fd;
    }

    /** Takes {@code name} in {@code ns}; CONFLICT if someone holds it there. */
    public static NamespaceLock acquire(NetnsExecutor executor, NetNs ns, String name) {
        return executor.call(ns, () -> acquireHere(ns, name));
    }

    private static NamespaceLock acquireHere(NetNs ns, String name) {
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        int fd = Libc.socket(AF_UNIX, SOCK_STREAM | Libc.SOCK_CLOEXEC, 0, "open a lock socket in " + ns);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = arena.allocate(2 + 1 + path.length, 2);
            address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            // byte 2 stays 0: a leading NUL puts the name in the abstract namespace
            MemorySegment.copy(path, 0, address, ValueLayout.JAVA_BYTE, 3, path.length);
            Libc.bind(fd, address, "take the lock '" + name + "' in " + ns);
            return new NamespaceLock(fd);
        } catch (KernelException e) {
            Libc.close(fd);
            if (e.is(Errno.EADDRINUSE)) {
                throw JnetException.conflict("the lock '" + name + "' in " + ns + " is held by another process");
            }
            throw e;
        }
    }

    /** Releases the lock; a second call does nothing (the descriptor number may belong to another file by then). */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Libc.close(fd);
        }
    }
}
