package dev.jnet.core.resolver;

import dev.jnet.core.model.SandboxId;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * One resolver thread: a selector over resolver sockets of many sandboxes (each socket is tagged with its
 * sandbox) and over its own upstream sockets; queries answered locally or forwarded, TCP clients handed
 * to virtual threads. {@link EmbeddedDns} runs one or a few of these.
 */
final class ResolverLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ResolverLoop.class.getName());
    private final Selector selector;
    private final Forwarder forwarder;
    private final TcpExchange tcpUpstream;
    private final Supplier<NameTable> table;
    private final LocalAnswers local;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(Wire.MAX_DATAGRAM);
    private final Thread thread;
    private volatile boolean closed;
    private final DnsStats stats;

    ResolverLoop(String name, NetnsExecutor executor, NetNs host, Duration upstreamTimeout, Supplier<NameTable> table,
                 LocalAnswers local, DnsStats stats) {
        this.stats = stats;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw JnetException.internal("cannot open the resolver's selector: " + e.getMessage(), e);
        }
        this.forwarder = new Forwarder(executor, host, selector, upstreamTimeout);
        this.tcpUpstream = new TcpExchange(executor, host, upstreamTimeout);
        this.table = table;
        this.local = local;
        this.thread = Thread.ofPlatform().daemon().name(name).start(this::serve);
    }

    /** Serves {@code channels} (a sandbox's UDP or TCP listening sockets) from now on, in one trip to the loop. */
    void register(java.util.List<? extends SelectableChannel> channels, SandboxId sandbox) {
        registerAll(java.util.Map.of(sandbox, channels));
    }

    /** Serves the channels of many sandboxes from now on, in one trip to the loop for all. */
    void registerAll(java.util.Map<SandboxId, ? extends java.util.List<? extends SelectableChannel>> channels) {
        onLoop(() -> {
            for (var sandbox : channels.entrySet()) {
                for (SelectableChannel channel : sandbox.getValue()) {
                    channel.register(selector, channel instanceof ServerSocketChannel
                            ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ, sandbox.getKey());
                }
            }
            return null;
        });
    }

    /** Lets the loop notice channels closed elsewhere. */
    void wakeup() {
        selector.wakeup();
    }

    /** Runs {@code task} on the loop thread and waits for it (selector registration must happen there). */
    <T> T onLoop(Callable<T> task) {
        CompletableFuture<T> done = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                done.complete(task.call());
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        });
        selector.wakeup();
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JnetException.internal("interrupted while waiting for the resolver loop", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw JnetException.internal("resolver loop: " + e.getCause(), e.getCause());
        }
    }

    private void serve() {
        // Answers are latency-bound: ahead of the clients on a busy host, as far as the kernel allows.
        dev.jnet.kernel.ffi.Libc.setThreadNice(-5);
        while (!closed) {
            try {
                selector.select(100);
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key);
                }
                selector.selectedKeys().clear();
                forwarder.expire(q -> Wire.parse(q).map(Wire::serverFailure).orElse(q));
            } catch (ClosedSelectorException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "resolver loop: " + e);
            }
        }
    }

    private void handle(SelectionKey key) throws IOException {
        if (!key.isValid()) {
            return;
        }
        if (key.attachment() instanceof Forwarder) {
            forwarder.readAnswers((DatagramChannel) key.channel(), buffer);
        } else if (key.attachment() instanceof SandboxId sandbox && key.channel() instanceof DatagramChannel udp) {
            readQueries(sandbox, udp);
        } else if (key.attachment() instanceof SandboxId sandbox && key.channel() instanceof ServerSocketChannel tcp) {
            SocketChannel client = tcp.accept();
            if (client != null) {
                Thread.ofVirtual().name("jnet-dns-tcp").start(new TcpSession(client, sandbox, table, local, tcpUpstream));
            }
        }
    }

    private void readQueries(SandboxId sandbox, DatagramChannel udp) {
        for (int i = 0; i < 64; i++) { // then let other sandboxes have a turn
            SocketAddress client;
            byte[] query;
            try {
                buffer.clear();
                client = udp.receive(buffer);
                if (client == null) {
                    return;
                }
                buffer.flip();
                query = new byte[buffer.remaining()];
                buffer.get(query);
            } catch (IOException e) {
                return; // the socket was closed by detach
            }
            answer(sandbox, udp, client, query);
        }
    }

    private void answer(SandboxId sandbox, DatagramChannel udp, SocketAddress client, byte[] query) {
        long start = System.nanoTime();
        stats.queries.increment();
        NameTable now = table.get();
        Optional<byte[]> fast = FastAnswers.answer(query, sandbox, now, local);
        if (fast.isPresent()) {
            stats.local.increment();
            send(udp, client, fast.get());
            stats.localTime.since(start);
            return;
        }
        Optional<Message> parsed = Wire.parse(query);
        if (parsed.isEmpty()) {
            stats.failures.increment();
            Wire.formatError(query).ifPresent(answer -> send(udp, client, answer));
            return;
        }
        Message message = parsed.get();
        if (message.getHeader().getFlag(Flags.QR)) {
            return; // a response sent to us: never answer it
        }
        int limit = Wire.udpLimit(message);
        Optional<Message> mine = local.answer(message, sandbox, now);
        if (mine.isPresent()) {
            stats.local.increment();
            send(udp, client, mine.get().toWire(limit));
            stats.localTime.since(start);
            return;
        }
        stats.forwarded.increment();
        byte[] servfail = Wire.serverFailure(message);
        forwarder.forward(query, now.upstreams(sandbox), answer -> {
            if (answer == servfail) {
                stats.failures.increment(); // no upstream, or none answered
            }
            send(udp, client, Wire.fit(answer, limit));
            stats.forwardedTime.since(start);
        }, servfail);
    }

    private static void send(DatagramChannel udp, SocketAddress client, byte[] answer) {
        try {
            udp.send(ByteBuffer.wrap(answer), client);
        } catch (IOException e) {
            // the client or its sandbox is gone
        }
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        forwarder.close();
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
