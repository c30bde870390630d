package dev.jnet.core.controller;

import dev.jnet.core.driver.DriverRegistry;
import dev.jnet.core.ipam.Ipam;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.store.Store;
import dev.jnet.kernel.Kernel;
import dev.jnet.kernel.netns.NetNs;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** What the controller's parts share: collaborators, the current state and the locks. */
final class Context {
    final ControllerConfig config;
    final Kernel kernel;
    final Store store;
    final Ipam ipam;
    final DriverRegistry drivers;
    final SandboxFiles files;
    final KeyedLocks locks = new KeyedLocks();
    final PortAllocator ports;
    private final AtomicReference<State> state = new AtomicReference<>(State.EMPTY);

    Context(ControllerConfig config, Kernel kernel, Store store, Ipam ipam, DriverRegistry drivers) {
        this.config = config;
        this.kernel = kernel;
        this.store = store;
        this.ipam = ipam;
        this.drivers = drivers;
        this.files = new SandboxFiles(config.stateDirectory(), config.hostResolvConf());
        this.ports = ephemeralPorts(kernel);
    }

    /** Host ports chosen for {@code -p 80} come from the host's ephemeral range, as Docker's do. */
    private static PortAllocator ephemeralPorts(Kernel kernel) {
        String range = kernel.sysctl(kernel.hostNamespace()).read("net.ipv4.ip_local_port_range").strip();
        String[] ends = range.split("\\s+");
        return new PortAllocator(Integer.parseInt(ends[0]), Integer.parseInt(ends[ends.length - 1]));
    }

    State state() {
        return state.get();
    }

    void publish(UnaryOperator<State> change) {
        state.updateAndGet(change);
    }

    /** The namespace a sandbox's interfaces live in. */
    NetNs namespaceOf(Sandbox sandbox) {
        return sandbox.hostNetwork() ? kernel.hostNamespace() : new NetNs(sandbox.id().shortId(), sandbox.namespace());
    }
}
