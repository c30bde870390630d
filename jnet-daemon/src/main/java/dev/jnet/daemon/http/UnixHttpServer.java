package dev.jnet.daemon.http;

import dev.jnet.error.JnetException;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * The API served over HTTP/1.1 on a Unix socket (mode 0660), requests on virtual threads. Closing it
 * stops accepting, lets requests in flight finish (up to the grace period), and removes the socket file.
 */
public final class UnixHttpServer implements AutoCloseable {
    private final Server server;
    private final Path socket;

    private UnixHttpServer(Server server, Path socket) {
        this.server = server;
        this.socket = socket;
    }

    /** Binds {@code socket} (which must not exist) and serves {@code router} on it. */
    public static UnixHttpServer start(Path socket, Router router, Duration gracePeriod) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("jnetd-http");
        threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("jnetd-request"));
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server, new HttpConnectionFactory(http));
        connector.setUnixDomainPath(socket);
        server.addConnector(connector);
        server.setHandler(new GracefulHandler(new ApiHandler(router)));
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(gracePeriod.toMillis());
        server.setStopAtShutdown(false);
        try {
            server.start();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        } catch (Exception e) {
            stopQuietly(server);
            throw JnetException.unavailable("cannot serve the API on " + socket + ": " + e.getMessage());
        }
        return new UnixHttpServer(server, socket);
    }

    public Path socket() {
        return socket;
    }

    /** Waits until the server has stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        try {
            server.stop();
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

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // already failing to start; the start failure is what the caller needs
        }
    }
}
