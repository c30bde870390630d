package dev.jnet.daemon.remote;

import dev.jnet.core.driver.Driver;
import dev.jnet.kernel.Kernel;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * jnetd's Docker plugins used as network drivers: the first use of a driver name that no built-in driver has
 * finds the plugin of that name ({@link PluginDiscovery}), activates it and makes it a {@link RemoteDriver}.
 * Closing ends the plugins' clients.
 */
public final class RemotePlugins implements AutoCloseable {
    private final PluginDiscovery discovery;
    private final Kernel kernel;
    private final Set<String> own;
    private final PluginClient.Timeouts timeouts;
    private final List<PluginClient> clients = new CopyOnWriteArrayList<>();

    /**
     * @param own names that are never looked for as plugins (jnetd's own plugin socket, which would call itself)
     */
    public RemotePlugins(List<Path> socketDirectories, List<Path> specDirectories, Kernel kernel, Set<String> own) {
        this(new PluginDiscovery(socketDirectories, specDirectories), kernel, own, PluginClient.Timeouts.DEFAULT);
    }

    RemotePlugins(PluginDiscovery discovery, Kernel kernel, Set<String> own, PluginClient.Timeouts timeouts) {
        this.discovery = discovery;
        this.kernel = kernel;
        this.own = Set.copyOf(own);
        this.timeouts = timeouts;
    }

    /** The network driver plugin called {@code name}, activated; empty if no file names one. */
    public Optional<Driver> find(String name) {
        if (own.contains(name)) {
            return Optional.empty();
        }
        return discovery.find(name).map(address -> {
            PluginClient client = new PluginClient(address, timeouts);
            try {
                Driver driver = new RemoteDriver(client, kernel);
                clients.add(client);
                return driver;
            } catch (RuntimeException e) {
                client.close();
                throw e;
            }
        });
    }

    @Override
    public void close() {
        clients.forEach(PluginClient::close);
    }
}
