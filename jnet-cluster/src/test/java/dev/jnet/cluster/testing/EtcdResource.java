package dev.jnet.cluster.testing;

import dev.jnet.cluster.StoreConfig;
import dev.jnet.cluster.etcd.EtcdStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.List;

/**
 * A real etcd on 127.0.0.1 for one test class, and a store connected to it:
 * {@code @RegisterExtension static final EtcdResource ETCD = new EtcdResource(PORT);}. The class is skipped,
 * saying why, where etcd is not installed; etcd and the store stop after the class.
 */
public final class EtcdResource implements BeforeAllCallback, AfterAllCallback {
    private final int port;
    private final Duration timeout;
    private EtcdServer server;
    private EtcdStore store;

    /** etcd on {@code port} (and the next one for its peers), stores with a 5 s deadline. */
    public EtcdResource(int port) {
        this(port, Duration.ofSeconds(5));
    }

    public EtcdResource(int port, Duration timeout) {
        this.port = port;
        this.timeout = timeout;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Assumptions.assumeTrue(EtcdServer.missing().isEmpty(), () -> "etcd: " + EtcdServer.missing().orElse(""));
        server = EtcdServer.start(List.of(), "127.0.0.1", port);
        store = connect();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (store != null) {
            store.close();
        }
        if (server != null) {
            server.close();
        }
    }

    public EtcdServer server() {
        return server;
    }

    /** The class's store. */
    public EtcdStore store() {
        return store;
    }

    /** Another client of the same etcd (another host, say); the caller closes it. */
    public EtcdStore connect() {
        return EtcdStore.connect(StoreConfig.of(List.of(server.clientUrl())).withTimeout(timeout));
    }
}
