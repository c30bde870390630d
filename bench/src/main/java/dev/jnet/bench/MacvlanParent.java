package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;
import dev.jnet.kernel.rtnl.LinkOptions;
import dev.jnet.kernel.rtnl.LinkSpec;
import dev.jnet.kernel.rtnl.RtNetlink;
import dev.jnet.net.IfName;

/**
 * The parent interface a macvlan run's children hang off: a veth pair made in a fake host namespace (never
 * the machine's own), both ends up so that the parent has carrier, as a LAN port would. {@link #close()}
 * deletes the pair (the kernel deletes both ends together) and checks that it is gone; deleting the fake
 * host takes it too.
 */
final class MacvlanParent implements AutoCloseable {
    private static final LinkOptions UP = LinkOptions.DEFAULTS.withUp(true);

    private final NetnsExecutor executor;
    private final NetNs host;
    private final IfName name;

    private MacvlanParent(NetnsExecutor executor, NetNs host, IfName name) {
        this.executor = executor;
        this.host = host;
        this.name = name;
    }

    /** Makes {@code name} and its peer {@code name}p in {@code host}, both up. */
    static MacvlanParent create(NetnsExecutor executor, NetNs host, IfName name) {
        try (RtNetlink rtnl = RtNetlink.open(executor, host)) {
            rtnl.links().create(new LinkSpec.Veth(name, IfName.of(name.value() + "p")).withOptions(UP, UP));
        }
        return new MacvlanParent(executor, host, name);
    }

    IfName name() {
        return name;
    }

    @Override
    public void close() {
        try (RtNetlink rtnl = RtNetlink.open(executor, host)) {
            rtnl.links().deleteIfPresent(name);
            if (rtnl.links().find(name).isPresent()) {
                throw new BenchmarkException("macvlan parent " + name + " in " + host + " is still there after its delete");
            }
        }
    }
}
