package dev.jnet.kernel.netlink;

import dev.jnet.error.JnetException;
import dev.jnet.kernel.Errno;
import dev.jnet.kernel.KernelException;
import dev.jnet.kernel.ffi.Libc;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

/**
 * A netlink socket in the namespace of the thread that opened it, usable from any thread afterwards.
 * One request (or one batch) is on the wire at a time; replies are matched by sequence number and any
 * stale message is skipped. Errors become {@link KernelException}s that name the operation, the errno
 * and the kernel's extended-ACK text.
 *
 * <p>A socket made by {@link #openIn} knows its namespace and may let its descriptor go between requests
 * ({@link #keepOpen keepOpen(false)}): the next request opens a new one there. The native buffers of a
 * request are lent from a shared pool ({@link Scratch}), so a socket holds no native memory of its own.
 */
public final class NetlinkSocket implements AutoCloseable {
    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;
    private static final int MAX_DUMP_ATTEMPTS = 10;
    private static final int RECEIVE_TIMEOUT_SECONDS = 30;
    /** Requests per send in a batch: their ACKs must fit the receive buffer together. */
    private static final int BATCH_SIZE = 128;
    private static final int NOT_OPEN = -1;
    /** No message carries it: sequence numbers are never negative. */
    private static final int NO_SEQUENCE = -1;

    private final ReentrantLock lock = new ReentrantLock();
    private final String description;
    private final Optional<Callable<Integer>> reopen;
    private volatile boolean keepOpen = true;
    private int fd; // guarded by lock; NOT_OPEN when let go
    private Scratch scratch; // guarded by lock: the buffers of the request in progress
    private int sequence = (int) (System.nanoTime() & 0x3fffffff);
    private boolean closed;

    private NetlinkSocket(int fd, String description, Optional<Callable<Integer>> reopen) {
        this.fd = fd;
        this.description = description;
        this.reopen = reopen;
    }

    /**
     * Opens a socket of {@code protocol} (such as {@link Netlink#NETLINK_ROUTE}) in the calling thread's
     * namespace. {@code description} names it in errors ("rtnetlink in namespace sb1").
     */
    public static NetlinkSocket open(int protocol, String description) {
        return new NetlinkSocket(openDescriptor(protocol, description), description, Optional.empty());
    }

    /**
     * Opens a socket of {@code protocol} inside {@code ns} on one of {@code executor}'s threads; if it is
     * told not to {@link #keepOpen keep} its descriptor, it opens a new one there for each request.
     */
    public static NetlinkSocket openIn(NetnsExecutor executor, NetNs ns, int protocol, String description) {
        Callable<Integer> opener = () -> executor.call(ns, () -> openDescriptor(protocol, description));
        return new NetlinkSocket(call(opener), description, Optional.of(opener));
    }

    private static int call(Callable<Integer> opener) {
        try {
            return opener.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw JnetException.internal("open netlink socket: " + e, e);
        }
    }

    private static int openDescriptor(int protocol, String description) {
        int fd = Libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol,
                "open netlink socket (" + description + ")");
        try {
            configure(fd, description);
            try (Arena local = Arena.ofConfined()) {
                MemorySegment address = local.allocate(12, 4);
                address.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
                Libc.bind(fd, address, "bind netlink socket (" + description + ")");
                return fd;
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

    /**
     * Whether the descriptor stays open between requests (the default). With {@code false}, a socket
     * made by {@link #openIn} closes its descriptor now if no request is in progress, else when that
     * request ends, and after every later request; a socket made by {@link #open} ignores it (it could
     * not open again in its namespace).
     */
    public void keepOpen(boolean keep) {
        keepOpen = keep;
        if (!keep) {
            letGoIfIdle();
        }
    }

    /** Whether a descriptor is open now (false between requests of a socket that does not keep one). */
    public boolean isOpen() {
        lock.lock();
        try {
            return fd != NOT_OPEN;
        } finally {
            lock.unlock();
        }
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
        begin();
        try {
            List<List<NlMessage>> replies = new ArrayList<>(requests.size());
            KernelException first = null;
            for (int from = 0; from < requests.size(); from += BATCH_SIZE) {
                int to = Math.min(requests.size(), from + BATCH_SIZE);
                int firstSequence = sendBatch(requests.subList(from, to), Netlink.NLM_F_ACK);
                int offset = from;
                KernelException failure = awaitAcks(firstSequence, operations.subList(from, to),
                        (index, e) -> explain.apply(offset + index, e), replies, NO_SEQUENCE, null);
                if (first == null) {
                    first = failure;
                }
            }
            if (first != null) {
                throw first;
            }
            return replies;
        } finally {
            end();
        }
    }

    /**
     * Sends {@code requests} as one nfnetlink transaction, between {@code begin} and {@code end} (the
     * batch messages), in one write: the kernel applies all of them or none. Each request asks for an ACK
     * itself ({@link Netlink#NLM_F_ACK}), the frame does not. Throws the first request's failure, or the
     * batch's as a whole ({@code batchOperation}: answered to {@code begin}, such as a failed commit).
     */
    public void executeBatch(MessageBuilder begin, List<MessageBuilder> requests, MessageBuilder end,
                             List<String> operations, String batchOperation) {
        begin();
        try {
            List<MessageBuilder> framed = new ArrayList<>(requests.size() + 2);
            framed.add(begin);
            framed.addAll(requests);
            framed.add(end);
            int beginSequence = sendBatch(framed, 0);
            KernelException failure = awaitAcks(beginSequence + 1, operations, (index, e) -> e,
                    new ArrayList<>(), beginSequence, batchOperation);
            if (failure != null) {
                throw failure;
            }
        } finally {
            end();
        }
    }

    /**
     * Sends one request with {@code NLM_F_ACK} and returns the messages that answer it before the ACK:
     * the object a GET asks for, or what an {@code NLM_F_ECHO} request echoes back.
     */
    public List<NlMessage> request(MessageBuilder request, String operation) {
        begin();
        try {
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
            end();
        }
    }

    /**
     * Runs a dump and returns every answer. An interrupted dump ({@code NLM_F_DUMP_INTR}: the table changed
     * while it was read) is retried from the start.
     */
    public List<NlMessage> dump(MessageBuilder request, String operation) {
        begin();
        try {
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
            end();
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

    /**
     * Reads until every request of a batch is ACKed; adds each request's other answers to {@code replies}.
     * An error answered to {@code frameSequence} (an nfnetlink batch's begin) fails the whole batch at once.
     */
    private KernelException awaitAcks(int firstSequence, List<String> operations,
                                      BiFunction<Integer, KernelException, KernelException> explain,
                                      List<List<NlMessage>> replies, int frameSequence, String frameOperation) {
        int base = replies.size();
        for (int i = 0; i < operations.size(); i++) {
            replies.add(new ArrayList<>(0));
        }
        int pending = operations.size();
        KernelException first = null;
        while (pending > 0) {
            for (NlMessage m : receive()) {
                if (m.sequence() == frameSequence && m.type() == Netlink.NLMSG_ERROR && m.errorCode() < 0) {
                    return failure(frameOperation, m);
                }
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
        MemorySegment sendBuffer = scratch.sendBuffer(total);
        long offset = 0;
        for (ByteBuffer message : encoded) {
            int length = message.remaining();
            MemorySegment.copy(MemorySegment.ofBuffer(message), 0, sendBuffer, offset, length);
            offset += Netlink.align(length);
        }
        Libc.send(fd, sendBuffer, offset, scratch.callState, "send netlink request (" + description + ")");
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
            n = Libc.recv(fd, scratch.receive, Libc.MSG_TRUNC, scratch.callState, "receive netlink reply (" + description + ")");
        } catch (KernelException e) {
            if (e.is(Errno.EAGAIN)) {
                throw new KernelException(dev.jnet.error.ErrorKind.UNAVAILABLE, "no answer from the kernel within "
                        + RECEIVE_TIMEOUT_SECONDS + " s (" + description + ")", Errno.EAGAIN);
            }
            throw e;
        }
        if (n > Scratch.RECEIVE_BUFFER) {
            throw JnetException.internal("netlink reply of " + n + " bytes exceeds the receive buffer ("
                    + description + ")", null);
        }
        ByteBuffer copy = ByteBuffer.allocate((int) n).order(ByteOrder.nativeOrder());
        MemorySegment.copy(scratch.receive, 0, MemorySegment.ofBuffer(copy), 0, n);
        return NlMessage.parseAll(copy);
    }

    private static KernelException failure(String operation, NlMessage error) {
        Errno errno = new Errno(Math.abs(error.errorCode()));
        return KernelException.of(operation, errno, error.extendedMessage());
    }

    /** Takes the lock for one request, opening a descriptor if there is none, and borrows its buffers. */
    private void begin() {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("netlink socket (" + description + ") is closed");
            }
            if (fd == NOT_OPEN) {
                fd = call(reopen.orElseThrow());
            }
            scratch = Scratch.borrow();
        } catch (RuntimeException e) {
            lock.unlock();
            throw e;
        }
    }

    /** Ends a request: gives the buffers back, unlocks, and lets the descriptor go unless it is kept. */
    private void end() {
        Scratch used = scratch;
        scratch = null;
        used.release();
        lock.unlock();
        if (!keepOpen) {
            letGoIfIdle();
        }
    }

    /**
     * Closes the descriptor unless it is kept or in use. If a request holds the lock, it sees
     * {@code keepOpen} false after it unlocks and comes here itself.
     */
    private void letGoIfIdle() {
        if (reopen.isEmpty() || !lock.tryLock()) {
            return;
        }
        try {
            if (!keepOpen && !closed && fd != NOT_OPEN) {
                Libc.close(fd);
                fd = NOT_OPEN;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Joins multicast groups ({@code RTNLGRP_LINK}, {@code NFNLGRP_NFTABLES}, ...): from now on the kernel
     * also sends this socket a notification for every change in those groups. A socket that listens this
     * way should be used for nothing else, so that notifications never mix with replies; it must be one made
     * by {@link #open}, whose descriptor is never let go (a new one would not be subscribed).
     */
    public void subscribe(int... groups) {
        if (reopen.isPresent()) {
            throw new IllegalStateException("netlink socket (" + description + ") may let its descriptor go; "
                    + "subscribe only sockets made by open()");
        }
        begin();
        try {
            for (int group : groups) {
                Libc.setsockoptInt(fd, Libc.SOL_NETLINK, Libc.NETLINK_ADD_MEMBERSHIP, group,
                        "join netlink group " + group + " (" + description + ")");
            }
        } finally {
            end();
        }
    }

    /**
     * The notifications that have arrived, without waiting; empty when there are none. When the kernel had
     * to drop some because the socket's buffer was full, this throws a {@link KernelException} with
     * {@link Errno#ENOBUFS} (once; the next call reads on).
     */
    public List<NlMessage> takeNotifications() {
        begin();
        try {
            List<NlMessage> messages = new ArrayList<>();
            while (true) {
                long n = Libc.recvIfReady(fd, scratch.receive, Libc.MSG_TRUNC | Libc.MSG_DONTWAIT, scratch.callState,
                        "receive netlink notifications (" + description + ")");
                if (n < 0) {
                    return messages; // none left
                }
                if (n > Scratch.RECEIVE_BUFFER) {
                    continue; // truncated, cannot be parsed; notification datagrams are far smaller
                }
                ByteBuffer copy = ByteBuffer.allocate((int) n).order(ByteOrder.nativeOrder());
                MemorySegment.copy(scratch.receive, 0, MemorySegment.ofBuffer(copy), 0, n);
                messages.addAll(NlMessage.parseAll(copy));
            }
        } finally {
            end();
        }
    }

    /** The socket's descriptor, to wait on with poll(2); reading and writing stay this class's. */
    public int descriptor() {
        lock.lock();
        try {
            return fd;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                if (fd != NOT_OPEN) {
                    Libc.close(fd);
                    fd = NOT_OPEN;
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
