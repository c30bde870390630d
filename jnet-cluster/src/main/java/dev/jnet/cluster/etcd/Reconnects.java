package dev.jnet.cluster.etcd;

import io.etcd.jetcd.Client;
import io.grpc.ManagedChannel;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Keeps jetcd's connection retrying about once a second while etcd is away. gRPC waits between connection
 * attempts with a backoff that grows (1 s, 1.6 s, 2.6 s, ... up to two minutes), and jetcd offers no
 * setting for it: after etcd returns, calls kept failing for several more seconds (one run in three of
 * EtcdStoreTest's outage test, with a 3 s outage). The channel sits inside jetcd's client, so it is reached
 * by reflection into jetcd 0.8's {@code ClientImpl.connectionManager}; a jetcd without those fields only
 * loses the shortcut, and says so once in the log.
 */
final class Reconnects {
    private static final System.Logger LOG = System.getLogger(Reconnects.class.getName());

    private final Optional<ManagedChannel> channel;

    Reconnects(Client client) {
        this.channel = channelOf(client);
    }

    private static Optional<ManagedChannel> channelOf(Client client) {
        try {
            Field manager = client.getClass().getDeclaredField("connectionManager");
            manager.setAccessible(true);
            Object connections = manager.get(client);
            Method getChannel = connections.getClass().getDeclaredMethod("getChannel");
            getChannel.setAccessible(true);
            return Optional.of((ManagedChannel) getChannel.invoke(connections));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "cluster store: cannot shorten jetcd's reconnect backoff (" + e + ")");
            return Optional.empty();
        }
    }

    /** A connection attempt now, if the channel is waiting out a backoff; nothing otherwise. */
    void now() {
        channel.ifPresent(ManagedChannel::resetConnectBackoff);
    }
}
