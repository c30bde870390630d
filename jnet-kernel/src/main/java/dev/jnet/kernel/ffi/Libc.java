package dev.jnet.kernel.ffi;

import dev.jnet.kernel.Errno;
import dev.jnet.kernel.KernelException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The C library functions jnet calls, bound once through java.lang.foreign. Each wrapper captures errno
 * as part of the call (reading it afterwards is unreliable in the JVM) and throws a
 * {@link KernelException} naming {@code what} was being done. Internal to the kernel module.
 */
public final class Libc {
    public static final int AF_NETLINK = 16;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_SNDBUFFORCE = 32;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int SO_RCVTIMEO = 20;
    public static final int SOL_NETLINK = 270;
    public static final int NETLINK_CAP_ACK = 10;
    public static final int NETLINK_EXT_ACK = 11;
    public static final int NETLINK_ADD_MEMBERSHIP = 1;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    public static final short POLLIN = 0x1;
    public static final int EFD_CLOEXEC = 0x80000;
    public static final int EFD_NONBLOCK = 0x800;
    public static final int CLONE_NEWNET = 0x40000000;
    public static final int O_RDONLY = 0;
    public static final int O_CLOEXEC = 0x80000;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_SHARED = 1 << 20;
    public static final int MNT_DETACH = 2;
    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGTERM = 15;
    /** ioctl on a namespace file descriptor that returns its CLONE_NEW* type. */
    public static final long NS_GET_NSTYPE = 0xb703;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(PathElement.groupElement("errno"));

    private static final MethodHandle SOCKET = bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = bind("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SEND = bind("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle RECV = bind("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = bind("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = bind("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle GETSOCKNAME = bind("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle UNSHARE = bind("unshare", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle SETNS = bind("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle MOUNT = bind("mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    private static final MethodHandle UMOUNT2 = bind("umount2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle OPEN = bind("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IOCTL = bind("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle POLL = bind("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle EVENTFD = bind("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle WRITE = bind("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle READ = bind("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle KILL = bind("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SETPRIORITY = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("setpriority"), FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle GETEUID = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("geteuid"), FunctionDescriptor.of(JAVA_INT));

    private Libc() {}

    /** glibc's {@code malloc_trim}; empty with a C library that has none. */
    private static final java.util.Optional<MethodHandle> MALLOC_TRIM = LINKER.defaultLookup().find("malloc_trim")
            .map(symbol -> LINKER.downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT, JAVA_LONG)));

    /**
     * Hands memory that {@code malloc} holds free back to the kernel ({@code malloc_trim(0)}), as the JVM's
     * periodic trim does: once after start-up, whose temporary allocations would otherwise stay resident
     * until then. Does nothing without glibc.
     */
    public static void mallocTrim() {
        MALLOC_TRIM.ifPresent(trim -> {
            try {
                int released = (int) trim.invokeExact(0L);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        });
    }

    private static MethodHandle bind(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker.Option[] all = new Linker.Option[options.length + 1];
        all[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(options, 0, all, 1, options.length);
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor, all);
    }

    /** A segment to receive errno; allocate one per call, or one per owner that serialises its calls. */
    public static MemorySegment callState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    private static Errno errno(MemorySegment state) {
        return new Errno((int) ERRNO.get(state, 0L));
    }

    private static KernelException failure(String what, MemorySegment state) {
        return KernelException.of(what, errno(state));
    }

    public static int socket(int domain, int type, int protocol, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            int fd = (int) SOCKET.invokeExact(state, domain, type, protocol);
            if (fd < 0) {
                throw failure(what, state);
            }
            return fd;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void bind(int fd, MemorySegment address, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            int rc = (int) BIND.invokeExact(state, fd, address, (int) address.byteSize());
            if (rc < 0) {
                throw failure(what, state);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Fills {@code address} (of its size) with the socket's own address. */
    public static void getsockname(int fd, MemorySegment address, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            MemorySegment length = arena.allocateFrom(JAVA_INT, (int) address.byteSize());
            int rc = (int) GETSOCKNAME.invokeExact(state, fd, address, length);
            if (rc < 0) {
                throw failure(what, state);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void setsockoptInt(int fd, int level, int option, int value, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            MemorySegment v = arena.allocateFrom(JAVA_INT, value);
            int rc = (int) SETSOCKOPT.invokeExact(state, fd, level, option, v, 4);
            if (rc < 0) {
                throw failure(what, state);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Reads a socket option into {@code value} (offered whole, its size as the length); returns how many
     * bytes the kernel wrote.
     */
    public static int getsockopt(int fd, int level, int option, MemorySegment value, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            MemorySegment length = arena.allocateFrom(JAVA_INT, (int) value.byteSize());
            int rc = (int) GETSOCKOPT.invokeExact(state, fd, level, option, value, length);
            if (rc < 0) {
                throw failure(what, state);
            }
            return length.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Sets a receive timeout ({@code struct timeval}) in whole seconds. */
    public static void setReceiveTimeout(int fd, long seconds, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            MemorySegment timeval = arena.allocate(16, 8);
            timeval.set(JAVA_LONG, 0, seconds);
            int rc = (int) SETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_RCVTIMEO, timeval, 16);
            if (rc < 0) {
                throw failure(what, state);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Sends {@code length} bytes; retries on EINTR. The caller supplies the errno segment. */
    public static long send(int fd, MemorySegment buffer, long length, MemorySegment state, String what) {
        try {
            while (true) {
                long n = (long) SEND.invokeExact(state, fd, buffer, length, 0);
                if (n >= 0) {
                    return n;
                }
                if (errno(state).code() != Errno.EINTR.code()) {
                    throw failure(what, state);
                }
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Receives into {@code buffer}; retries on EINTR. The caller supplies the errno segment. */
    public static long recv(int fd, MemorySegment buffer, int flags, MemorySegment state, String what) {
        long n = recvIfReady(fd, buffer, flags, state, what);
        if (n < 0) {
            throw failure(what, state); // EAGAIN: a receive timeout, or nothing waiting on a non-blocking read
        }
        return n;
    }

    /**
     * {@link #recv} for reading a non-blocking socket until it is empty: -1 when nothing waits (EAGAIN, left in
     * {@code state}), the
     * usual end of such a loop, so that it costs no exception (the drift watch's loop made two per wake-up,
     * each with its stack trace, for every burst of link notifications).
     */
    public static long recvIfReady(int fd, MemorySegment buffer, int flags, MemorySegment state, String what) {
        try {
            while (true) {
                long n = (long) RECV.invokeExact(state, fd, buffer, buffer.byteSize(), flags);
                if (n >= 0) {
                    return n;
                }
                int code = errno(state).code();
                if (code == Errno.EAGAIN.code()) {
                    return -1;
                }
                if (code != Errno.EINTR.code()) {
                    throw failure(what, state);
                }
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * poll(2) on {@code count} {@code struct pollfd}s (8 bytes each: int fd, short events, short revents);
     * returns how many are ready, 0 on timeout or when a signal interrupted the wait.
     */
    public static int poll(MemorySegment fds, int count, int timeoutMillis, MemorySegment state, String what) {
        try {
            int n = (int) POLL.invokeExact(state, fds, (long) count, timeoutMillis);
            if (n >= 0) {
                return n;
            }
            if (errno(state).code() == Errno.EINTR.code()) {
                return 0;
            }
            throw failure(what, state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** eventfd(2): a counter descriptor another thread can write to, to wake a {@link #poll}. */
    public static int eventfd(int flags, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            int fd = (int) EVENTFD.invokeExact(state, 0, flags);
            if (fd < 0) {
                throw failure(what, state);
            }
            return fd;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Adds {@code value} to an eventfd's counter (one 8-byte write). */
    public static void eventfdWrite(int fd, long value, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            long n = (long) WRITE.invokeExact(state, fd, arena.allocateFrom(JAVA_LONG, value), 8L);
            if (n < 0 && errno(state).code() != Errno.EAGAIN.code()) {
                throw failure(what, state);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Reads and resets a non-blocking eventfd's counter; 0 when nothing was written. */
    public static long eventfdRead(int fd, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            MemorySegment value = arena.allocate(JAVA_LONG);
            long n = (long) READ.invokeExact(state, fd, value, 8L);
            if (n < 0) {
                if (errno(state).code() == Errno.EAGAIN.code()) {
                    return 0;
                }
                throw failure(what, state);
            }
            return value.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Closes a descriptor, ignoring errors: there is nothing useful to do about them. */
    public static void close(int fd) {
        if (fd < 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(callState(arena), fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void unshare(int flags, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            int rc = (int) UNSHARE.invokeExact(state, flags);
            if (rc < 0) {
                throw failure(what, state);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void setns(int fd, int nstype, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            int rc = (int) SETNS.invokeExact(state, fd, nstype);
            if (rc < 0) {
                throw failure(what, state);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** mount(2); null strings pass NULL. */
    public static void mount(String source, String target, String type, long flags, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            int rc = (int) MOUNT.invokeExact(state, cString(arena, source), cString(arena, target),
                    cString(arena, type), flags, MemorySegment.NULL);
            if (rc < 0) {
                throw failure(what, state);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void umount2(String target, int flags, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            int rc = (int) UMOUNT2.invokeExact(state, arena.allocateFrom(target), flags);
            if (rc < 0) {
                throw failure(what, state);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int open(String path, int flags, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path), flags, 0);
            if (fd < 0) {
                throw failure(what, state);
            }
            return fd;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** An ioctl that takes no argument and returns an int. */
    public static int ioctl(int fd, long request, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            int rc = (int) IOCTL.invokeExact(state, fd, request, 0L);
            if (rc < 0) {
                throw failure(what, state);
            }
            return rc;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** kill(2): sends {@code signal} to process {@code pid} (ESRCH if it is gone: a NOT_FOUND error). */
    public static void kill(int pid, int signal, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            int rc = (int) KILL.invokeExact(state, pid, signal);
            if (rc < 0) {
                throw failure(what, state);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Sets the calling thread's nice value (on Linux, {@code setpriority(PRIO_PROCESS, 0, n)} changes the
     * calling thread only); false when the kernel refuses (a negative value needs root).
     */
    public static boolean setThreadNice(int nice) {
        try {
            return (int) SETPRIORITY.invokeExact(0, 0, nice) == 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The effective user id: 0 means the process may manage namespaces and links. */
    public static int geteuid() {
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static MemorySegment cString(Arena arena, String s) {
        return s == null ? MemorySegment.NULL : arena.allocateFrom(s);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("native call failed", t);
    }
}
