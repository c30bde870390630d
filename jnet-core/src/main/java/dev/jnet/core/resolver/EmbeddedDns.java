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
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The embedded DNS resolver of every sandbox: each attached sandbox has UDP and TCP sockets on
 * 127.0.0.11:53 inside its namespace, all served by one loop thread (TCP connections by a virtual thread
 * each), answering from the current {@link NameTable} and forwarding the rest upstream from the host's
 * namespace. {@link #update} swaps the table in whole; the next query sees it.
 */
public final class EmbeddedDns implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EmbeddedDns.class.getName());
    private final NetnsExecutor executor;
    private final Selector selector;
    private final Forwarder forwarder;
    private final TcpExchange tcpUpstream;
    private final LocalAnswers local = new LocalAnswers();
    private final Map<SandboxId, Listener> listeners = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(Wire.MAX_DATAGRAM);
    private final Thread loop;
    private volatile NameTable table = NameTable.EMPTY;
    private volatile boolean closed;

    /** Starts the loop; upstream queries leave from sockets made in {@code host}. */
    public EmbeddedDns(NetnsExecutor executor, NetNs host, Duration upstreamTimeout) {
        this.executor = executor;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw JnetException.internal("cannot open the resolver's selector: " + e.getMessage(), e);
        }
        this.forwarder = new Forwarder(executor, host, selector, upstreamTimeout);
        this.tcpUpstream = new TcpExchange(executor, host, upstreamTimeout);
        this.loop = Thread.ofPlatform().daemon().name("jnet-dns").start(this::serve);
    }

    public void update(NameTable next) {
        table = next;
    }

    public NameTable table() {
        return table;
    }

    /** Gives the sandbox its resolver sockets, made inside {@code ns}; nothing happens if it has them. */
    public void attach(SandboxId sandbox, NetNs ns) {
        if (listeners.containsKey(sandbox)) {
            return;
        }
        Listener listener = executor.call(ns, () -> Listener.open(sandbox));
        try {
            onLoop(() -> {
                listener.udp().register(selector, SelectionKey.OP_READ, listener);
                listener.tcp().register(selector, SelectionKey.OP_ACCEPT, listener);
                return null;
            });
        } catch (RuntimeException e) {
            listener.close();
            throw e;
        }
        if (listeners.putIfAbsent(sandbox, listener) != null) {
            listener.close(); // a racing attach won
        }
    }

    /** Closes the sandbox's resolver sockets, if it has any. */
    public void detach(SandboxId sandbox) {
        Listener listener = listeners.remove(sandbox);
        if (listener != null) {
            listener.close();
            selector.wakeup();
        }
    }

    public Set<SandboxId> attached() {
        return Set.copyOf(listeners.keySet());
    }

    /** Runs {@code task} on the loop thread and waits for it (selector registration must happen there). */
    private <T> T onLoop(Callable<T> task) {
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
            throw JnetException.internal("interrupted while registering resolver sockets", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw JnetException.internal("cannot serve resolver sockets: " + e.getCause(), e.getCause());
        }
    }

    private void serve() {
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
        } else if (key.attachment() instanceof Listener listener && key.channel() instanceof DatagramChannel udp) {
            readQueries(listener, udp);
        } else if (key.attachment() instanceof Listener listener && key.channel() instanceof ServerSocketChannel tcp) {
            SocketChannel client = tcp.accept();
            if (client != null) {
                Thread.ofVirtual().name("jnet-dns-tcp").start(
                        new TcpSession(client, listener.sandbox(), () -> table, local, tcpUpstream));
            }
        }
    }

    private void readQueries(Listener listener, DatagramChannel udp) {
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
            answer(listener, udp, client, query);
        }
    }

    private void answer(Listener listener, DatagramChannel udp, SocketAddress client, byte[] query) {
        NameTable now = table;
        Optional<byte[]> fast = FastAnswers.answer(query, listener.sandbox(), now, local);
        if (fast.isPresent()) {
            send(udp, client, fast.get());
            return;
        }
        Optional<Message> parsed = Wire.parse(query);
        if (parsed.isEmpty()) {
            Wire.formatError(query).ifPresent(answer -> send(udp, client, answer));
            return;
        }
        Message message = parsed.get();
        if (message.getHeader().getFlag(Flags.QR)) {
            return; // a response sent to us: never answer it
        }
        int limit = Wire.udpLimit(message);
        Optional<Message> mine = local.answer(message, listener.sandbox(), now);
        if (mine.isPresent()) {
            send(udp, client, mine.get().toWire(limit));
            return;
        }
        forwarder.forward(query, now.upstreams(listener.sandbox()),
                answer -> send(udp, client, Wire.fit(answer, limit)), Wire.serverFailure(message));
    }

    private static void send(DatagramChannel udp, SocketAddress client, byte[] answer) {
        try {
            udp.send(ByteBuffer.wrap(answer), client);
        } catch (IOException e) {
            // the client or its sandbox is gone
        }
    }

    /** Forwarded queries still waiting for an answer (for tests and metrics). */
    public int waitingUpstream() {
        return onLoop(forwarder::waiting);
    }

    @Override
    public void close() {
        closed = true;
        listeners.keySet().forEach(this::detach);
        selector.wakeup();
        try {
            loop.join(2000);
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
