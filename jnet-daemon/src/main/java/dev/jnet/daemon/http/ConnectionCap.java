package dev.jnet.daemon.http;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Attributes;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most so many connections served at once on one socket. A connection beyond the cap is still accepted
 * (so the client is told why, rather than left waiting or refused by the kernel), marked, and its first
 * request answered 503 and closed by {@link ApiHandler}; it does not count against the cap.
 */
final class ConnectionCap implements Connection.Listener {
    private static final String REFUSED = ConnectionCap.class.getName() + ".refused";

    private final int max;
    private final AtomicInteger served = new AtomicInteger();

    ConnectionCap(int max) {
        this.max = max;
    }

    int max() {
        return max;
    }

    /** Connections served now, the refused ones not counted. */
    int served() {
        return served.get();
    }

    @Override
    public void onOpened(Connection connection) {
        if (served.incrementAndGet() > max) {
            served.decrementAndGet();
            if (connection instanceof Attributes attributes) {
                attributes.setAttribute(REFUSED, Boolean.TRUE);
            }
        }
    }

    @Override
    public void onClosed(Connection connection) {
        if (!refused(connection)) {
            served.decrementAndGet();
        }
    }

    /** Whether {@code request} came on a connection beyond the cap. */
    static boolean refused(Request request) {
        ConnectionMetaData connection = request.getConnectionMetaData();
        return connection != null && connection.getAttribute(REFUSED) != null;
    }

    private static boolean refused(Connection connection) {
        return connection instanceof Attributes attributes && attributes.getAttribute(REFUSED) != null;
    }
}
