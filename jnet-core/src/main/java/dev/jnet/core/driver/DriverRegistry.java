package dev.jnet.core.driver;

import dev.jnet.core.ipam.IpamPlugins;
import dev.jnet.error.JnetException;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** The drivers a controller knows, by name: network drivers, and the IPAM drivers other than jnet's own. */
public final class DriverRegistry {
    private final Map<String, Driver> drivers = new ConcurrentHashMap<>();
    private volatile IpamPlugins ipamPlugins = IpamPlugins.NONE;
    private volatile Function<String, Optional<Driver>> discovery = name -> Optional.empty();
    private volatile Function<String, Optional<Driver>> storedDiscovery = name -> Optional.empty();
    private volatile Optional<Map.Entry<Set<String>, String>> clusterHosts = Optional.empty();

    /**
     * Where a driver that is not registered comes from: {@code finder} when {@link #get} first asks for it by
     * name (a Docker plugin found by its socket or spec file, for a new network), {@code forStored} when
     * {@link #ofNetwork} does (a stored network's, which must not wait for it); what they give is registered.
     */
    public DriverRegistry discovering(Function<String, Optional<Driver>> finder, Function<String, Optional<Driver>> forStored) {
        this.discovery = finder;
        this.storedDiscovery = forStored;
        return this;
    }

    /**
     * The driver of a network the store has: the registered one, else the one {@code forStored} of
     * {@link #discovering} gives (a plugin's, called when first needed); NOT_FOUND as {@link #get} otherwise.
     */
    public Driver ofNetwork(String name) {
        Driver driver = drivers.get(name);
        if (driver == null) {
            synchronized (this) {
                driver = drivers.get(name);
                if (driver == null) {
                    driver = storedDiscovery.apply(name).orElse(null);
                    if (driver != null) {
                        drivers.put(name, driver);
                        tellHosts(driver);
                    }
                }
            }
        }
        return driver != null ? driver : get(name);
    }

    /** Where IPAM drivers other than jnet's own come from ({@code --ipam-driver}); none by default. */
    public DriverRegistry ipamPlugins(IpamPlugins plugins) {
        this.ipamPlugins = plugins;
        return this;
    }

    public IpamPlugins ipamPlugins() {
        return ipamPlugins;
    }

    public DriverRegistry register(Driver driver) {
        if (drivers.putIfAbsent(driver.name(), driver) != null) {
            throw JnetException.conflict("a network driver named " + driver.name() + " is already registered");
        }
        tellHosts(driver);
        return this;
    }

    /** The cluster's live hosts, for every driver now and every one registered later ({@link Driver#clusterHosts}). */
    public void clusterHosts(Set<String> addresses, String self) {
        clusterHosts = Optional.of(Map.entry(Set.copyOf(addresses), self));
        drivers.values().forEach(this::tellHosts);
    }

    private void tellHosts(Driver driver) {
        clusterHosts.ifPresent(h -> driver.clusterHosts(h.getKey(), h.getValue()));
    }

    /** Every registered driver. */
    public Collection<Driver> all() {
        return List.copyOf(drivers.values());
    }

    /** The driver called {@code name}, if one is registered. */
    public Optional<Driver> find(String name) {
        return Optional.ofNullable(drivers.get(name));
    }

    /** The driver called {@code name}; NOT_FOUND naming the drivers there are. */
    public Driver get(String name) {
        Driver driver = drivers.get(name);
        if (driver == null) {
            driver = discover(name);
        }
        if (driver == null) {
            throw JnetException.notFound("network driver '" + name + "' not found (available: "
                    + String.join(", ", new TreeMap<>(drivers).keySet()) + ")");
        }
        return driver;
    }

    private synchronized Driver discover(String name) {
        Driver known = drivers.get(name);
        return known != null ? known : discovery.apply(name).map(d -> {
            drivers.put(name, d);
            tellHosts(d);
            return d;
        }).orElse(null);
    }
}
