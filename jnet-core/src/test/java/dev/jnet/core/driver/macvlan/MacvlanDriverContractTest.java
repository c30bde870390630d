package dev.jnet.core.driver.macvlan;

import dev.jnet.core.driver.BuiltinDrivers;
import dev.jnet.core.driver.Driver;
import dev.jnet.core.driver.DriverContractTest;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.kernel.Kernel;
import dev.jnet.kernel.rtnl.LinkOptions;
import dev.jnet.kernel.rtnl.LinkSpec;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.IfName;

import java.util.Map;

/** The macvlan driver keeps the driver contract, on a veth uplink of the fake host. */
class MacvlanDriverContractTest extends DriverContractTest {
    @Override
    protected Driver driver(Kernel kernel) {
        return BuiltinDrivers.create(kernel).get("macvlan");
    }

    @Override
    protected NetworkSpec spec(ThrowawayNs host, String name) {
        host.rtnl().links().create(new LinkSpec.Veth(IfName.of("uplink"), IfName.of("uplink-peer"))
                .withOptions(LinkOptions.DEFAULTS.withUp(true), LinkOptions.DEFAULTS.withUp(true)));
        return NetworkSpec.named(name).withDriver("macvlan").withOptions(Map.of("parent", "uplink"));
    }

    @Override
    protected Map<String, String> badOptions() {
        return Map.of("macvlan_mode", "loud");
    }
}

