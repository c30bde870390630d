package dev.jnet.core.driver;

import dev.jnet.core.model.NetworkSpec;
import dev.jnet.kernel.Kernel;
import dev.jnet.kernel.testing.ThrowawayNs;

import java.util.Map;

/** The null driver keeps the driver contract: it makes nothing, and takes no options. */
class NullDriverContractTest extends DriverContractTest {
    @Override
    protected Driver driver(Kernel kernel) {
        return PassiveDriver.NULL;
    }

    @Override
    protected NetworkSpec spec(ThrowawayNs host, String name) {
        return NetworkSpec.named(name).withDriver("null");
    }

    @Override
    protected Map<String, String> badOptions() {
        return Map.of("anything", "1");
    }
}
