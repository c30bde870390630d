package dev.jnet.core.driver.macvlan;

import dev.jnet.core.driver.BuiltinDrivers;
import dev.jnet.core.driver.Driver;
import dev.jnet.core.driver.DriverContractTest;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.kernel.Kernel;
import dev.jnet.kernel.KernelException;
import dev.jnet.kernel.rtnl.LinkOptions;
import dev.jnet.kernel.rtnl.LinkSpec;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.IfName;

import java.util.Map;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The ipvlan driver keeps the driver contract, where the kernel has ipvlan (it skips, saying so, where not). */
class IpvlanDriverContractTest extends DriverContractTest {
    @Override
    protected Driver driver(Kernel kernel) {
        return BuiltinDrivers.create(kernel).get("ipvlan");
    }

    @Override
    protected NetworkSpec spec(ThrowawayNs host, String name) {
        host.rtnl().links().create(new LinkSpec.Veth(IfName.of("uplink"), IfName.of("uplink-peer"))
                .withOptions(LinkOptions.DEFAULTS.withUp(true), LinkOptions.DEFAULTS.withUp(true)));
        try {
            host.rtnl().links().create(new LinkSpec.Ipvlan(IfName.of("probe0"), IfName.of("uplink"),
                    LinkSpec.IpvlanMode.L2, LinkOptions.DEFAULTS));
            host.rtnl().links().delete(IfName.of("probe0"));
        } catch (KernelException e) {
            host.rtnl().links().deleteIfPresent(IfName.of("uplink"));
            assumeTrue(false, "this kernel lacks ipvlan links: " + e.getMessage());
        }
        return NetworkSpec.named(name).withDriver("ipvlan").withOptions(Map.of("parent", "uplink"));
    }

    @Override
    protected Map<String, String> badOptions() {
        return Map.of("ipvlan_mode", "l9");
    }
}
