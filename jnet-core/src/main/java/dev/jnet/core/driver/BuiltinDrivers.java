package dev.jnet.core.driver;

import dev.jnet.core.driver.bridge.BridgeDriver;
import dev.jnet.core.driver.macvlan.MacvlanDriver;
import dev.jnet.core.firewall.Firewall;
import dev.jnet.core.firewall.ForeignFirewall;
import dev.jnet.core.firewall.ForeignFirewallMode;
import dev.jnet.core.firewall.NftFirewall;
import dev.jnet.kernel.Kernel;

/**
 * The one place the built-in drivers are made and registered: bridge (with jnet's nftables firewall in the
 * kernel's host namespace), macvlan, ipvlan, host and null.
 */
public final class BuiltinDrivers {
    /** The Linux bridge of the predefined {@code bridge} network, unless told otherwise. */
    public static final String DEFAULT_BRIDGE = "jnet0";

    private BuiltinDrivers() {}

    /** The built-in drivers with the default treatment of other firewalls and bridge name. */
    public static DriverRegistry create(Kernel kernel) {
        return create(kernel, ForeignFirewallMode.DEFAULT, DEFAULT_BRIDGE);
    }

    /** The built-in drivers, treating other firewalls' forward chains as {@code foreign} says. */
    public static DriverRegistry create(Kernel kernel, ForeignFirewallMode foreign, String defaultBridge) {
        return create(kernel, ForeignFirewall.inHost(kernel, foreign), defaultBridge);
    }

    /**
     * The built-in drivers, with jnet's nftables firewall in the kernel's host namespace and {@code foreign}
     * keeping other firewalls' forward chains open for jnet's bridges (or reporting them).
     */
    public static DriverRegistry create(Kernel kernel, ForeignFirewall foreign, String defaultBridge) {
        return create(kernel, foreign.around(new NftFirewall(kernel.nftables(kernel.hostNamespace()),
                kernel.nftInventory(kernel.hostNamespace()), kernel.nftSetElements(kernel.hostNamespace()))), defaultBridge);
    }

    /** The built-in drivers, the bridge driver calling {@code firewall}. */
    public static DriverRegistry create(Kernel kernel, Firewall firewall, String defaultBridge) {
        DriverRegistry drivers = new DriverRegistry().register(new BridgeDriver(kernel, firewall, defaultBridge));
        MacvlanDriver.both(kernel).forEach(drivers::register);
        return drivers.register(PassiveDriver.HOST).register(PassiveDriver.NULL);
    }
}
