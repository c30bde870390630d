package dev.jnet.core.driver.macvlan;

import dev.jnet.core.driver.BuiltinDrivers;
import dev.jnet.core.driver.Driver;
import dev.jnet.core.driver.DriverContractTest;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.kernel.Kernel;
import dev.jnet.kernel.testing.ThrowawayNs;

import java.util.Map;

/** The macvlan driver without a parent: jnet makes the parent bridge, and removes it with the network. */
class InternalMacvlanDriverContractTest extends DriverContractTest {
    @Override
    protected Driver driver(Kernel kernel) {
        return BuiltinDrivers.create(kernel).get("macvlan");
    }

    @Override
    protected NetworkSpec spec(ThrowawayNs host, String name) {
        return NetworkSpec.named(name).withDriver("macvlan");
    }

    @Override
    protected Map<String, String> badOptions() {
        return Map.of("no_such_option", "1");
    }
}
