package dev.jnet.daemon.remote;

import dev.jnet.core.driver.Driver;
import dev.jnet.core.ipam.Ipam;
import dev.jnet.core.ipam.IpamPlugins;
import dev.jnet.core.model.IpamSpec;
import dev.jnet.kernel.Kernel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * jnetd's Docker plugins used as network and IPAM drivers: a network create with a driver name that no
 * built-in driver has finds the plugin of that name ({@link PluginDiscovery}), activates it and makes it a
 * {@link RemoteDriver}; a stored network's driver is one that calls its plugin when first needed ({@link
 * #stored}). An IPAM driver other than jnet's own is a {@link RemoteIpam} found the same way. One plugin may
 * be both; it has one client. Closing ends the plugins' clients.
 */
public final class RemotePlugins implements IpamPlugins, AutoCloseable {
    private final PluginDiscovery discovery;
    private final Kernel kernel;
    private final Set<String> own;
    private final PluginClient.Timeouts timeouts;
    private final Map<String, PluginSource> sources = new ConcurrentHashMap<>();
    private final Map<String, RemoteIpam> ipams = new ConcurrentHashMap<>();
    private volatile boolean inCluster;

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

    /** The address space IPAM plugin {@code name} gives its pools in, once it was reached. */
    private Optional<String> addressSpace(String name) {
        return Optional.ofNullable(ipams.get(name)).flatMap(RemoteIpam::addressSpace);
    }

    /** Tells whether this jnetd is a host of a cluster, where plugins of global scope may make networks. */
    public void inCluster(boolean value) {
        inCluster = value;
    }

    /** The network driver plugin called {@code name}, activated (an error says why it cannot be); empty if no file names one. */
    public Optional<Driver> find(String name) {
        if (own.contains(name) || discovery.find(name).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RemoteDriver(source(name), kernel, () -> inCluster, this::addressSpace).activated());
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
        return Optional.of(new RemoteDriver(source(name), kernel, () -> inCluster, this::addressSpace));
    }

    /** The IPAM plugin {@code spec} names (for a new network activated now); NOT_FOUND when no file names it. */
    @Override
    public Ipam ipam(IpamSpec spec, boolean stored) {
        String name = spec.driver();
        if (own.contains(name) || !PluginDiscovery.isPluginName(name) || (!stored && discovery.find(name).isEmpty())) {
            throw IpamPlugins.notFound(name);
        }
        RemoteIpam ipam = ipams.computeIfAbsent(name, n -> new RemoteIpam(source(n)));
        return (stored ? ipam : ipam.activated()).with(spec.options());
    }

    private PluginSource source(String name) {
        return sources.computeIfAbsent(name, n -> new PluginSource(n, discovery, timeouts));
    }

    @Override
    public void close() {
        sources.values().forEach(PluginSource::close);
    }
}
