package dev.jnet.kernel.netlink;

import dev.jnet.error.JnetException;
import dev.jnet.kernel.Errno;
import dev.jnet.kernel.KernelException;
import dev.jnet.kernel.ffi.Libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

/**
 * A netlink socket in the namespace of the thread that opened it, usable from any thread afterwards.
 * One request (or one batch) is on the wire at a time; replies are matched by sequence number and any
 * stale message is skipped. Errors become {@link KernelException}s that name the operation, the errno
 * and the kernel's extended-ACK text.
 */
public final class NetlinkSocket implements AutoCloseable {
    /** The kernel sends at most 32 KiB per datagram (dumps included); twice that leaves room. */
    private static final int RECEIVE_BUFFER = 64 * 1024;
    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;
    private static final int MAX_DUMP_ATTEMPTS = 10;
    private static final int RECEIVE_TIMEOUT_SECONDS = 30;
    /** Requests per send in a batch: their ACKs must fit the receive buffer together. */
    private static final int BATCH_SIZE = 128;

    private final ReentrantLock lock = new ReentrantLock();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment receiveBuffer = arena.allocate(RECEIVE_BUFFER, 8);
    private final MemorySegment callState = Libc.callState(arena);
    private final String description;
    private final int fd;
    private final int portId;
    private MemorySegment sendBuffer = arena.allocate(4 * 1024, 8);
    private int sequence = (int) (System.nanoTime() & 0x3fffffff);
    private boolean closed;

    private NetlinkSocket(int fd, int portId, String description) {
        this.fd = fd;
        this.portId = portId;
        this.description = description;
    }

    /**
     * Opens a socket of {@code protocol} (such as {@link Netlink#NETLINK_ROUTE}) in the calling thread's
     * namespace. {@code description} names it in errors ("rtnetlink in namespace sb1").
     */
    public static NetlinkSocket open(int protocol, String description) {
        int fd = Libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol,
                "open netlink socket (" + description + ")");
        try {
            configure(fd, description);
            try (Arena local = Arena.ofConfined()) {
                MemorySegment address = local.allocate(12, 4);
                address.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
                Libc.bind(fd, address, "bind netlink socket (" + description + ")");
                Libc.getsockname(fd, address, "read netlink port id (" + description + ")");
                return new NetlinkSocket(fd, address.get(ValueLayout.JAVA_INT, 4), description);
            }
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    private static void configure(int fd, String description) {
        String what = "configure netlink socket (" + description + ")";
        try {
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, SOCKET_BUFFER, what);
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_SNDBUFFORCE, SOCKET_BUFFER, what);
        } catch (KernelException e) {
            // Without CAP_NET_ADMIN the kernel refuses the FORCE variants; the default sizes still work.
        }
        Libc.setsockoptInt(fd, Libc.SOL_NETLINK, Libc.NETLINK_EXT_ACK, 1, what);
        Libc.setsockoptInt(fd, Libc.SOL_NETLINK, Libc.NETLINK_CAP_ACK, 1, what);
        Libc.setReceiveTimeout(fd, RECEIVE_TIMEOUT_SECONDS, what);
    }

    /** Sends one request that asks for an ACK and waits for it. */
    public void execute(MessageBuilder request, String operation) {
        executeAll(List.of(request), List.of(operation));
    }

    /**
     * Sends requests in as few writes as possible and waits for every ACK. Not atomic: each request
     * succeeds or fails on its own; the first failure is thrown after all answers are read.
     */
    public void executeAll(List<MessageBuilder> requests, List<String> operations) {
        executeAll(requests, operations, (index, e) -> e);
    }

    /**
     * As {@link #executeAll(List, List)}, letting the caller turn the failure of request {@code index}
     * into a more telling one. Returns, per request, the messages that answered it before its ACK (what
     * an {@code NLM_F_ECHO} request echoes back), empty lists for the others.
     */
    public List<List<NlMessage>> executeAll(List<MessageBuilder> requests, List<String> operations,
                                            BiFunction<Integer, KernelException, KernelException> explain) {
        lock.lock();
        try {
            ensureOpen();
            List<List<NlMessage>> replies = new ArrayList<>(requests.size());
            KernelException first = null;
            for (int from = 0; from < requests.size(); from += BATCH_SIZE) {
                int to = Math.min(requests.size(), from + BATCH_SIZE);
                int firstSequence = sendBatch(requests.subList(from, to), Netlink.NLM_F_ACK);
                int offset = from;
                KernelException failure = awaitAcks(firstSequence, operations.subList(from, to),
                        (index, e) -> explain.apply(offset + index, e), replies);
                if (first == null) {
                    first = failure;
                }
            }
            if (first != null) {
                throw first;
            }
            return replies;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends one request with {@code NLM_F_ACK} and returns the messages that answer it before the ACK:
     * the object a GET asks for, or what an {@code NLM_F_ECHO} request echoes back.
     */
    public List<NlMessage> request(MessageBuilder request, String operation) {
        lock.lock();
        try {
            ensureOpen();
            int seq = sendBatch(List.of(request), Netlink.NLM_F_ACK);
            List<NlMessage> echoed = new ArrayList<>();
            while (true) {
                for (NlMessage m : receive()) {
                    if (m.sequence() != seq) {
                        continue;
                    }
                    if (m.type() == Netlink.NLMSG_ERROR) {
                        if (m.errorCode() < 0) {
                            throw failure(operation, m);
                        }
                        return echoed;
                    }
                    echoed.add(m);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a dump and returns every answer. An interrupted dump ({@code NLM_F_DUMP_INTR}: the table changed
     * while it was read) is retried from the start.
     */
    public List<NlMessage> dump(MessageBuilder request, String operation) {
        lock.lock();
        try {
            ensureOpen();
            for (int attempt = 0; attempt < MAX_DUMP_ATTEMPTS; attempt++) {
                int seq = sendBatch(List.of(request), 0);
                List<NlMessage> result = readDump(seq, operation);
                if (result != null) {
                    return result;
                }
            }
            throw new KernelException(dev.jnet.error.ErrorKind.UNAVAILABLE,
                    operation + ": the table kept changing during " + MAX_DUMP_ATTEMPTS + " dumps", Errno.EINTR);
        } finally {
            lock.unlock();
        }
    }

    /** The dump's messages, or null if it was interrupted and must be repeated. */
    private List<NlMessage> readDump(int seq, String operation) {
        List<NlMessage> result = new ArrayList<>();
        boolean interrupted = false;
        while (true) {
            for (NlMessage m : receive()) {
                if (m.sequence() != seq) {
                    continue;
                }
                interrupted |= m.hasFlag(Netlink.NLM_F_DUMP_INTR);
                switch (m.type()) {
                    case Netlink.NLMSG_DONE -> {
                        if (m.errorCode() < 0) {
                            throw failure(operation, m);
                        }
                        return interrupted ? null : result;
                    }
                    case Netlink.NLMSG_ERROR -> {
                        if (m.errorCode() < 0) {
                            throw failure(operation, m);
                        }
                    }
                    case Netlink.NLMSG_NOOP, Netlink.NLMSG_OVERRUN -> { }
                    default -> result.add(m);
                }
            }
        }
    }

    /** Reads until every request of a batch is ACKed; adds each request's other answers to {@code replies}. */
    private KernelException awaitAcks(int firstSequence, List<String> operations,
                                      BiFunction<Integer, KernelException, KernelException> explain,
                                      List<List<NlMessage>> replies) {
        int base = replies.size();
        for (int i = 0; i < operations.size(); i++) {
            replies.add(new ArrayList<>(0));
        }
        int pending = operations.size();
        KernelException first = null;
        while (pending > 0) {
            for (NlMessage m : receive()) {
                int index = m.sequence() - firstSequence;
                if (index < 0 || index >= operations.size()) {
                    continue;
                }
                if (m.type() != Netlink.NLMSG_ERROR) {
                    replies.get(base + index).add(m);
                    continue;
                }
                pending--;
                if (m.errorCode() < 0 && first == null) {
                    first = explain.apply(index, failure(operations.get(index), m));
                }
            }
        }
        return first;
    }

    /** Writes the requests with consecutive sequence numbers and returns the first one. */
    private int sendBatch(List<MessageBuilder> requests, int extraFlags) {
        int first = nextSequence(requests.size());
        List<ByteBuffer> encoded = new ArrayList<>(requests.size());
        long total = 0;
        for (int i = 0; i < requests.size(); i++) {
            MessageBuilder request = requests.get(i);
            ByteBuffer message = request.finish(first + i, 0);
            int flags = Short.toUnsignedInt(message.getShort(6)) | extraFlags;
            message.putShort(6, (short) flags);
            encoded.add(message);
            total += Netlink.align(message.remaining());
        }
        if (sendBuffer.byteSize() < total) {
            sendBuffer = arena.allocate(Math.max(total, sendBuffer.byteSize() * 2), 8);
        }
        long offset = 0;
        for (ByteBuffer message : encoded) {
            int length = message.remaining();
            MemorySegment.copy(MemorySegment.ofBuffer(message), 0, sendBuffer, offset, length);
            offset += Netlink.align(length);
        }
        Libc.send(fd, sendBuffer, offset, callState, "send netlink request (" + description + ")");
        return first;
    }

    private int nextSequence(int count) {
        int first = sequence;
        sequence = (sequence + count) & 0x7fffffff;
        if (sequence < first) { // wrapped: restart low so a batch never straddles the wrap
            first = 1;
            sequence = 1 + count;
        }
        return first;
    }

    private List<NlMessage> receive() {
        long n;
        try {
            n = Libc.recv(fd, receiveBuffer, Libc.MSG_TRUNC, callState, "receive netlink reply (" + description + ")");
        } catch (KernelException e) {
            if (e.is(Errno.EAGAIN)) {
                throw new KernelException(dev.jnet.error.ErrorKind.UNAVAILABLE, "no answer from the kernel within "
                        + RECEIVE_TIMEOUT_SECONDS + " s (" + description + ")", Errno.EAGAIN);
            }
            throw e;
        }
        if (n > RECEIVE_BUFFER) {
            throw JnetException.internal("netlink reply of " + n + " bytes exceeds the receive buffer ("
                    + description + ")", null);
        }
        ByteBuffer copy = ByteBuffer.allocate((int) n).order(ByteOrder.nativeOrder());
        MemorySegment.copy(receiveBuffer, 0, MemorySegment.ofBuffer(copy), 0, n);
        return NlMessage.parseAll(copy);
    }

    private static KernelException failure(String operation, NlMessage error) {
        Errno errno = new Errno(Math.abs(error.errorCode()));
        return KernelException.of(operation, errno, error.extendedMessage());
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("netlink socket (" + description + ") is closed");
        }
    }

    /**
     * Joins multicast groups ({@code RTNLGRP_LINK}, {@code NFNLGRP_NFTABLES}, ...): from now on the kernel
     * also sends this socket a notification for every change in those groups. A socket that listens this
     * way should be used for nothing else, so that notifications never mix with replies.
     */
    public void subscribe(int... groups) {
        lock.lock();
        try {
            ensureOpen();
            for (int group : groups) {
                Libc.setsockoptInt(fd, Libc.SOL_NETLINK, Libc.NETLINK_ADD_MEMBERSHIP, group,
                        "join netlink group " + group + " (" + description + ")");
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The notifications that have arrived, without waiting; empty when there are none. When the kernel had
     * to drop some because the socket's buffer was full, this throws a {@link KernelException} with
     * {@link Errno#ENOBUFS} (once; the next call reads on).
     */
    public List<NlMessage> takeNotifications() {
        lock.lock();
        try {
            ensureOpen();
            List<NlMessage> messages = new ArrayList<>();
            while (true) {
                long n;
                try {
                    n = Libc.recv(fd, receiveBuffer, Libc.MSG_TRUNC | Libc.MSG_DONTWAIT, callState,
                            "receive netlink notifications (" + description + ")");
                } catch (KernelException e) {
                    if (e.is(Errno.EAGAIN)) {
                        return messages;
                    }
                    throw e;
                }
                if (n > RECEIVE_BUFFER) {
                    continue; // truncated, cannot be parsed; notification datagrams are far smaller
                }
                ByteBuffer copy = ByteBuffer.allocate((int) n).order(ByteOrder.nativeOrder());
                MemorySegment.copy(receiveBuffer, 0, MemorySegment.ofBuffer(copy), 0, n);
                messages.addAll(NlMessage.parseAll(copy));
            }
        } finally {
            lock.unlock();
        }
    }

    /** The socket's descriptor, to wait on with poll(2); reading and writing stay this class's. */
    public int descriptor() {
        return fd;
    }

    /** The socket's netlink port id (its address). */
    public int portId() {
        return portId;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                Libc.close(fd);
                arena.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
