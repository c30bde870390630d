package dev.jnet.daemon.http;

import dev.jnet.error.JnetException;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.util.function.Supplier;

/**
 * The optional TCP listener for Prometheus: {@code GET /metrics} only, on a loopback address of jnetd's host
 * namespace (its socket is made there, also when jnetd runs for a throwaway host in tests). Everything else is
 * 404, other methods 405. It has no limits beyond Jetty's own: only local processes reach it.
 */
public final class MetricsListener implements AutoCloseable {
    private final Server server;
    private final InetSocketAddress address;

    private MetricsListener(Server server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    /** Listens on {@code address} (loopback; checked by the caller) in {@code host}; UNAVAILABLE if it cannot. */
    public static MetricsListener start(InetSocketAddress address, NetNs host, NetnsExecutor executor,
                                        Supplier<byte[]> metrics, String contentType) {
        QueuedThreadPool threads = new QueuedThreadPool(4, 1, UnixHttpServer.THREAD_IDLE_MILLIS);
        threads.setName("jnetd-metrics");
        threads.setReservedThreads(0);
        Server server = new Server(threads, null, new ArrayByteBufferPool(0, -1, 64 << 10, 16, 1 << 18, 1 << 18));
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);
        server.setHandler(new Only(metrics, contentType));
        server.setStopAtShutdown(false);
        try {
            connector.open(bound(address, host, executor));
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // already failing; the start failure is what the caller needs
            }
            String reason = e instanceof UncheckedIOException u ? u.getCause().toString() : e.toString();
            if (reason.contains("Cannot assign requested address")) {
                reason += " (no interface has that address: is the loopback interface up?)";
            }
            throw JnetException.unavailable("cannot serve metrics on " + text(address) + ": " + reason);
        }
        return new MetricsListener(server, new InetSocketAddress(address.getAddress(), connector.getLocalPort()));
    }

    /** The listening socket, made and bound by a thread inside {@code host}. */
    private static ServerSocketChannel bound(InetSocketAddress address, NetNs host, NetnsExecutor executor) {
        return executor.call(host, () -> {
            // An IPv4 socket for an IPv4 address, not a dual-stack one bound to ::ffff:127.0.0.1
            ServerSocketChannel channel = ServerSocketChannel.open(address.getAddress() instanceof java.net.Inet4Address
                    ? java.net.StandardProtocolFamily.INET : java.net.StandardProtocolFamily.INET6);
            try {
                channel.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
                channel.bind(address, 64);
                return channel;
            } catch (IOException e) {
                channel.close();
                throw new UncheckedIOException(e);
            }
        });
    }

    /** {@code IP:PORT}, an IPv6 address in brackets. */
    public static String text(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** Where it listens (the port the kernel chose when 0 was asked). */
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw JnetException.internal("stop serving metrics on " + text(address) + ": " + e.getMessage(), e);
        }
    }

    /** Answers {@code GET /metrics} (and HEAD) with the scrape; nothing else. */
    private static final class Only extends Handler.Abstract {
        private final Supplier<byte[]> metrics;
        private final String contentType;

        Only(Supplier<byte[]> metrics, String contentType) {
            this.metrics = metrics;
            this.contentType = contentType;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!"/metrics".equals(Request.getPathInContext(request))) {
                Response.writeError(request, response, callback, 404, "only /metrics is served here");
                return true;
            }
            String method = request.getMethod();
            if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                Response.writeError(request, response, callback, 405, "only GET and HEAD");
                return true;
            }
            byte[] body = metrics.get();
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, HttpMethod.HEAD.is(method) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
            return true;
        }
    }
}
