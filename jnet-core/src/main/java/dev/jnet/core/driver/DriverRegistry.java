package dev.jnet.core.driver;

import dev.jnet.error.JnetException;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The drivers a controller knows, by name. */
public final class DriverRegistry {
    private final Map<String, Driver> drivers = new ConcurrentHashMap<>();

    public DriverRegistry register(Driver driver) {
        if (drivers.putIfAbsent(driver.name(), driver) != null) {
            throw JnetException.conflict("a network driver named " + driver.name() + " is already registered");
        }
        return this;
    }

    /** Every registered driver. */
    public java.util.Collection<Driver> all() {
        return java.util.List.copyOf(drivers.values());
    }

    /** The driver called {@code name}, if one is registered. */
    public java.util.Optional<Driver> find(String name) {
        return java.util.Optional.ofNullable(drivers.get(name));
    }

    /** The driver called {@code name}; NOT_FOUND naming the drivers there are. */
    public Driver get(String name) {
        Driver driver = drivers.get(name);
        if (driver == null) {
            throw JnetException.notFound("network driver '" + name + "' not found (available: "
                    + String.join(", ", new TreeMap<>(drivers).keySet()) + ")");
        }
        return driver;
    }
}
