package dev.jnet.daemon.http;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An HTTP/1.1 connection whose request line and headers must arrive within a time limit. Jetty has no such
 * limit: its idle timeout starts again with every byte, so a client sending a byte a second would hold a
 * connection for ever (slowloris). The clock starts when the connection opens and at the first byte of each
 * later request, and stops when the headers are complete; if it runs out the connection is closed, as Go's
 * {@code ReadHeaderTimeout} does. Silence between requests is the idle timeout's.
 *
 * <p>It extends Jetty's {@code internal} HTTP/1.1 connection (the only place the parser's events can be
 * seen): check it on a Jetty upgrade; {@code ConnectionHandlingTest} fails if it stops working.
 */
final class HeaderTimeoutConnection extends HttpConnection {
    private final Scheduler scheduler;
    private final Duration limit;
    private final AtomicLong generations = new AtomicLong();
    /** The generation of the clock that runs, 0 when none does. */
    private final AtomicLong running = new AtomicLong();
    private final AtomicReference<Scheduler.Task> task = new AtomicReference<>();

    private HeaderTimeoutConnection(HttpConfiguration config, Connector connector, EndPoint endPoint, Duration limit) {
        super(config, connector, endPoint);
        this.scheduler = connector.getScheduler();
        this.limit = limit;
    }

    /** Makes these connections; otherwise as Jetty's own HTTP/1.1 factory. */
    static final class Factory extends HttpConnectionFactory {
        private final Duration limit;

        Factory(HttpConfiguration config, Duration limit) {
            super(config);
            this.limit = limit;
        }

        @Override
        public Connection newConnection(Connector connector, EndPoint endPoint) {
            HeaderTimeoutConnection connection = new HeaderTimeoutConnection(getHttpConfiguration(), connector, endPoint, limit);
            connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
            return configure(connection, connector, endPoint);
        }
    }

    @Override
    public void onOpen() {
        startClock(); // first: opening asks for the first bytes, which another thread may parse at once
        super.onOpen();
    }

    @Override
    public void onClose(Throwable cause) {
        stopClock();
        super.onClose(cause);
    }

    /**
     * A stream that takes a blank {@code Host} header as {@code localhost}: Go's HTTP clients of a Unix socket
     * name the socket's path as the host, which Go's request writer cuts to nothing (dockerd calling a
     * plugin), and Jetty would refuse that with 400 "Blank Host". On a Unix socket the host means nothing.
     */
    @Override
    protected HttpStreamOverHTTP1 newHttpStream(String method, String uri, org.eclipse.jetty.http.HttpVersion version) {
        return new HttpStreamOverHTTP1(method, uri, version) {
            @Override
            public void parsedHeader(org.eclipse.jetty.http.HttpField field) {
                boolean blankHost = field.getHeader() == org.eclipse.jetty.http.HttpHeader.HOST
                        && (field.getValue() == null || field.getValue().isBlank());
                super.parsedHeader(blankHost ? new org.eclipse.jetty.http.HostPortHttpField("localhost") : field);
            }
        };
    }

    @Override
    protected RequestHandler newRequestHandler() {
        return new RequestHandler() {
            @Override
            public void messageBegin() {
                startClock();
                super.messageBegin();
            }

            @Override
            public boolean headerComplete() {
                stopClock();
                return super.headerComplete();
            }
        };
    }

    private void startClock() {
        long generation = generations.incrementAndGet();
        if (running.compareAndSet(0, generation)) {
            task.set(scheduler.schedule(() -> expire(generation), limit.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    private void stopClock() {
        running.set(0);
        Scheduler.Task pending = task.getAndSet(null);
        if (pending != null) {
            pending.cancel();
        }
    }

    private void expire(long generation) {
        if (running.compareAndSet(generation, 0)) {
            getEndPoint().close(new TimeoutException("the request line and headers did not arrive within " + limit));
        }
    }
}
