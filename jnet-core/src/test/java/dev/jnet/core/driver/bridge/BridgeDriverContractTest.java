package dev.jnet.core.driver.bridge;

import dev.jnet.core.driver.BuiltinDrivers;
import dev.jnet.core.driver.Driver;
import dev.jnet.core.driver.DriverContractTest;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.kernel.Kernel;
import dev.jnet.kernel.testing.ThrowawayNs;

import java.util.Map;

/** The bridge driver keeps the driver contract. */
class BridgeDriverContractTest extends DriverContractTest {
    @Override
    protected Driver driver(Kernel kernel) {
        return BuiltinDrivers.create(kernel).get("bridge");
    }

    @Override
    protected NetworkSpec spec(ThrowawayNs host, String name) {
        return NetworkSpec.named(name);
    }

    @Override
    protected Map<String, String> badOptions() {
        return Map.of("com.docker.network.bridge.enable_icc", "sometimes");
    }
}
