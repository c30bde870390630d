package dev.jnet.daemon.remote;

import dev.jnet.core.driver.Driver;
import dev.jnet.kernel.Kernel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * jnetd's Docker plugins used as network drivers: a network create with a driver name that no built-in driver
 * has finds the plugin of that name ({@link PluginDiscovery}), activates it and makes it a {@link RemoteDriver};
 * a stored network's driver is one that calls its plugin when first needed ({@link #stored}). Closing ends the
 * plugins' clients.
 */
public final class RemotePlugins implements AutoCloseable {
    private final PluginDiscovery discovery;
    private final Kernel kernel;
    private final Set<String> own;
    private final PluginClient.Timeouts timeouts;
    private final List<PluginSource> sources = new CopyOnWriteArrayList<>();

    /**
     * @param timeout how long each call may take, and how long an unreachable plugin is tried when first used
     * @param own names that are never looked for as plugins (jnetd's own plugin socket, which would call itself)
     */
    public RemotePlugins(List<Path> socketDirectories, List<Path> specDirectories, Duration timeout, Kernel kernel,
                         Set<String> own) {
        this(new PluginDiscovery(socketDirectories, specDirectories), kernel, own, new PluginClient.Timeouts(timeout, timeout));
    }

    RemotePlugins(PluginDiscovery discovery, Kernel kernel, Set<String> own, PluginClient.Timeouts timeouts) {
        this.discovery = discovery;
        this.kernel = kernel;
        this.own = Set.copyOf(own);
        this.timeouts = timeouts;
    }

    /** The network driver plugin called {@code name}, activated (an error says why it cannot be); empty if no file names one. */
    public Optional<Driver> find(String name) {
        if (own.contains(name) || discovery.find(name).isEmpty()) {
            return Optional.empty();
        }
        PluginSource source = new PluginSource(name, discovery, timeouts);
        try {
            Driver driver = new RemoteDriver(source, kernel).activated();
            sources.add(source);
            return Optional.of(driver);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /**
     * The driver of stored networks of driver {@code name}, which no built-in driver is: a plugin, called when
     * first needed, so that a plugin that is not there yet leaves its networks listed and unavailable (their
     * calls fail with 503), not deleted, and serves them once it comes. Empty for a name that cannot be a plugin's.
     */
    public Optional<Driver> stored(String name) {
        if (own.contains(name) || !PluginDiscovery.isPluginName(name)) {
            return Optional.empty();
        }
        PluginSource source = new PluginSource(name, discovery, timeouts);
        sources.add(source);
        return Optional.of(new RemoteDriver(source, kernel));
    }

    @Override
    public void close() {
        sources.forEach(PluginSource::close);
    }
}
