package dev.jnet.core.model;

import java.util.Map;

/**
 * Which IPAM driver gives a network its subnets and its endpoints their addresses, and the options it is
 * given ({@code --ipam-driver}, {@code --ipam-opt}): jnet's own ({@value #DEFAULT_DRIVER}), or a Docker IPAM
 * plugin of that name.
 *
 * @param options given to the driver with each request; jnet's own takes none
 */
public record IpamSpec(String driver, Map<String, String> options) {
    public static final String DEFAULT_DRIVER = "default";
    /** jnet's own IPAM, without options. */
    public static final IpamSpec DEFAULT = new IpamSpec(DEFAULT_DRIVER, Map.of());

    public IpamSpec {
        if (driver == null || driver.isBlank()) {
            driver = DEFAULT_DRIVER;
        }
        Names.check(driver, "IPAM driver");
        options = Map.copyOf(options);
        if (driver.equals(DEFAULT_DRIVER) && !options.isEmpty()) {
            throw dev.jnet.error.JnetException.invalid("jnet's default IPAM driver takes no options, got "
                    + String.join(", ", new java.util.TreeSet<>(options.keySet())));
        }
    }

    /** Whether the driver is jnet's own. */
    public boolean isDefault() {
        return driver.equals(DEFAULT_DRIVER);
    }
}
