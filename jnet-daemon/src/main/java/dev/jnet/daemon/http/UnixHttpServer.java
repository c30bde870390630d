package dev.jnet.daemon.http;

import dev.jnet.error.JnetException;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The API served over HTTP/1.1 on a Unix socket, requests on virtual threads, with the limits of
 * {@link ServerOptions}: mode 0600 (0660 with a group), a listen backlog as large as the kernel allows
 * (as dockerd's), a header, idle and body timeout, a cap on connections with a clear refusal, and small
 * bounded buffer and thread pools that give back what they no longer use. Closing it stops accepting, lets
 * requests in flight finish (up to the grace period), and removes the socket file.
 */
public final class UnixHttpServer implements AutoCloseable {
    /** listen(2)'s backlog: the kernel lowers it to net.core.somaxconn (4096 by default), as for Go's listeners. */
    static final int ACCEPT_QUEUE = 65_535;
    /** Platform threads for Jetty's selector, acceptor and scheduling work; requests run on virtual threads. */
    static final int MAX_THREADS = 8;
    /** A platform thread idle this long ends (all of them may, down to {@link #MIN_THREADS}). */
    static final int THREAD_IDLE_MILLIS = 5_000;
    static final int MIN_THREADS = 2;
    /** Pooled I/O buffers kept for reuse, at most, heap and direct each; the rest go to the garbage collector. */
    static final long POOLED_BYTES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(UnixHttpServer.class);
    /** Jetty's {@code MemoryUtils} property: references per 64-byte cache line (4-byte compressed oops under jnetd's small heap). */
    static final String REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    static {
        // Without it, Jetty starts the platform MBean server (JMX) to ask HotSpot whether oops are compressed,
        // only to size the padding of its queues: 50 to 100 ms of every start of jnetd.
        if (System.getProperty(REFERENCES_PER_CACHE_LINE) == null) {
            System.setProperty(REFERENCES_PER_CACHE_LINE, "16");
        }
    }

    private final Server server;
    private final Path socket;
    private final ConnectionCap cap;
    private final BodyReader bodies;
    private final AtomicBoolean closed = new AtomicBoolean();

    private UnixHttpServer(Server server, Path socket, ConnectionCap cap, BodyReader bodies) {
        this.server = server;
        this.socket = socket;
        this.cap = cap;
        this.bodies = bodies;
    }

    /** Binds {@code socket} (which must not exist) and serves {@code router} on it. */
    public static UnixHttpServer start(Path socket, Router router, ServerOptions options) {
        ConnectionCap cap = new ConnectionCap(options.maxConnections());
        BodyReader bodies = new BodyReader(options.bodyTimeout());
        Server server = new Server(threads(), null, new ArrayByteBufferPool(0, -1, 64 << 10, 64, POOLED_BYTES, POOLED_BYTES));
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server, 1, 1,
                new HeaderTimeoutConnection.Factory(http, options.headerTimeout()));
        connector.setUnixDomainPath(socket);
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        connector.setIdleTimeout(options.idleTimeout().toMillis());
        connector.addEventListener(cap);
        server.addConnector(connector);
        // Past twice the cap jnetd stops accepting for a while (clients wait in the backlog), so that refusals
        // too are bounded in file descriptors.
        server.addBean(new NetworkConnectionLimit(2 * options.maxConnections(), connector));
        server.setHandler(new GracefulHandler(new ApiHandler(router, bodies, cap, socket)));
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(options.gracePeriod().toMillis());
        server.setStopAtShutdown(false);
        try {
            server.start();
            restrict(socket, options);
        } catch (Exception e) {
            stopQuietly(server);
            throw JnetException.unavailable("cannot serve the API on " + socket + ": " + e.getMessage());
        }
        return new UnixHttpServer(server, socket, cap, bodies);
    }

    private static QueuedThreadPool threads() {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS, THREAD_IDLE_MILLIS);
        threads.setName("jnetd-http");
        threads.setReservedThreads(0);
        threads.setMaxEvictCount(MAX_THREADS);
        threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("jnetd-request"));
        return threads;
    }

    /** Root only (0600), or root and the group's members (0660, group set first). */
    private static void restrict(Path socket, ServerOptions options) throws IOException {
        if (options.group().isPresent()) {
            GroupPrincipal group = options.group().get();
            Files.getFileAttributeView(socket, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(group);
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        } else {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        }
    }

    public Path socket() {
        return socket;
    }

    /** Connections served now (those refused over the cap not counted). */
    int connections() {
        return cap.served();
    }

    /** Bytes of request bodies being read or held by requests in flight. */
    int bodyBytesInUse() {
        return bodies.inUse();
    }

    /** Waits until the server has stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops; requests still running after the grace period are left behind (logged). A second call does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.stop();
        } catch (TimeoutException e) {
            LOG.warn("requests on {} were still running after the grace period of {} s; stopped without them", socket,
                    server.getStopTimeout() / 1000);
        } catch (Exception e) {
            throw JnetException.internal("stop serving on " + socket + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException ignored) {
                // Jetty removes it on stop; this only covers a failed stop
            }
        }
    }

    /** Closes all of {@code servers} at once, so that their grace periods run side by side, not one after another. */
    public static void closeAll(UnixHttpServer... servers) {
        Thread[] stops = new Thread[servers.length];
        RuntimeException[] failures = new RuntimeException[servers.length];
        for (int i = 0; i < servers.length; i++) {
            int index = i;
            stops[i] = Thread.ofPlatform().name("jnetd-stop-" + i).start(() -> {
                try {
                    servers[index].close();
                } catch (RuntimeException e) {
                    failures[index] = e;
                }
            });
        }
        for (Thread stop : stops) {
            try {
                stop.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (RuntimeException failure : failures) {
            if (failure != null) {
                throw failure;
            }
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // already failing to start; the start failure is what the caller needs
        }
    }
}
