package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;
import dev.jnet.kernel.rtnl.Link;
import dev.jnet.kernel.rtnl.LinkOptions;
import dev.jnet.kernel.rtnl.LinkSpec;
import dev.jnet.kernel.rtnl.Route;
import dev.jnet.kernel.rtnl.RtNetlink;
import dev.jnet.kernel.sysctl.Sysctl;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;
import dev.jnet.net.MacAddress;

import java.net.InetAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scale part's kernel reference: the kernel work of the same connects, in the same order, made directly
 * with jnet's kernel layer in a fake host of its own, without a daemon, store, firewall or resolver: a veth
 * pair whose peer goes into its sandbox's namespace, IPv6 off on the host end, that end up on its bridge (made as
 * jnetd makes its bridges: a MAC and an MTU of its own, no multicast snooping); inside the sandbox the
 * address, IPv6 off (only if the link's netlink answer says it is on: the namespace has it off by default, as jnetd's have), the link up and (for a sandbox's first endpoint) the default route, each request
 * sent as jnetd sends it. Timed one at a time, its first and last medians show what the kernel alone adds
 * as the host fills; jnetd's connects cannot grow less than that.
 */
final class KernelFill {
    private static final LinkOptions UP = LinkOptions.DEFAULTS.withUp(true);

    private KernelFill() {}

    /** The medians (ms) of the first and the last window of connects, and the same by step. */
    record Result(double firstMs, double lastMs, double seconds, String bySteps) {
        double ratio() {
            return lastMs / firstMs;
        }
    }

    /** The steps of one connect, in order; each is timed on its own. */
    private static final List<String> STEPS = List.of("veth", "port IPv6 off", "bridge port", "sandbox socket", "address",
            "IPv6 off", "up", "route");

    static Result run(BenchmarkFrame frame, ScaleShape shape) {
        ThrowawayNamespaces namespaces = frame.namespaces();
        List<NetNs> made = new ArrayList<>();
        try {
            NetNs host = namespaces.create("scale-kernel-host");
            made.add(host);
            NetNs[] sandboxes = new NetNs[shape.sandboxes()];
            for (int s = 0; s < sandboxes.length; s++) {
                sandboxes[s] = namespaces.create("scale-kernel-sandbox");
                made.add(sandboxes[s]);
                new Sysctl(frame.executor(), sandboxes[s]).write("net.ipv6.conf.default.disable_ipv6", "1"); // as jnetd's
            }
            try (RtNetlink rtnl = RtNetlink.open(frame.executor(), host)) {
                for (int n = 0; n < shape.networks(); n++) { // as jnetd's: a MAC and MTU of their own, no snooping
                    LinkOptions options = UP.withMtu(1500).withMac(MacAddress.parse("02:6a:00:00:00:%02x".formatted(n)));
                    rtnl.links().create(new LinkSpec.Bridge(IfName.of(ScaleCheck.bridge(n)), options, false, false));
                }
                Machine.awaitQuiet();
                return fill(frame.executor(), host, rtnl, shape, sandboxes);
            }
        } finally {
            made.reversed().forEach(namespaces::delete);
        }
    }

    private static Result fill(NetnsExecutor executor, NetNs host, RtNetlink rtnl, ScaleShape shape, NetNs[] sandboxes) {
        Sysctl hostSysctl = new Sysctl(executor, host);
        long[] latencies = new long[shape.endpoints()];
        long[][] steps = new long[STEPS.size()][shape.endpoints()];
        long start = System.nanoTime();
        for (int e = 0; e < shape.endpoints(); e++) {
            IfName hostEnd = IfName.of("kv" + e);
            Clock clock = new Clock(steps, e);
            rtnl.links().create(new LinkSpec.Veth(hostEnd, IfName.of("eth" + shape.slot(e)))
                    .withPeerIn(sandboxes[shape.sandbox(e)]));
            clock.step();
            hostSysctl.write("net.ipv6.conf." + hostEnd.value() + ".disable_ipv6", "1");
            clock.step();
            rtnl.links().setMasterAndUp(hostEnd, IfName.of(ScaleCheck.bridge(shape.network(e))));
            clock.step();
            inside(executor, sandboxes[shape.sandbox(e)], shape, e, clock);
            latencies[e] = clock.total();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int w = shape.window();
        int n = shape.endpoints();
        List<String> bySteps = new ArrayList<>();
        for (int i = 0; i < STEPS.size(); i++) {
            bySteps.add("%s %.2f -> %.2f".formatted(STEPS.get(i), ScalePart.medianMs(steps[i], 0, w),
                    ScalePart.medianMs(steps[i], n - w, n)));
        }
        return new Result(ScalePart.medianMs(latencies, 0, w), ScalePart.medianMs(latencies, n - w, n), seconds,
                String.join(", ", bySteps));
    }

    /** Times the steps of connect {@code e}: each {@link #step} ends the next one. */
    private static final class Clock {
        private final long[][] steps;
        private final int e;
        private final long start = System.nanoTime();
        private long last = start;
        private int next;

        Clock(long[][] steps, int e) {
            this.steps = steps;
            this.e = e;
        }

        void step() {
            long now = System.nanoTime();
            steps[next++][e] = now - last;
            last = now;
        }

        long total() {
            return last - start;
        }
    }

    /** The sandbox side of endpoint {@code e}: 10.N.X.Y/16 on network N's subnet (ScalePart's), gateway 10.N.0.1. */
    private static void inside(NetnsExecutor executor, NetNs sandbox, ScaleShape shape, int e, Clock clock) {
        IfName eth = IfName.of("eth" + shape.slot(e));
        int network = shape.network(e);
        int k = shape.indexOn(e) + 2;
        try (RtNetlink rtnl = RtNetlink.open(executor, sandbox)) {
            Link link = rtnl.links().get(eth);
            clock.step();
            rtnl.addresses().add(link.index(), Cidr.parse("10.%d.%d.%d/16".formatted(network + 1, k / 250, k % 250)));
            clock.step();
            if (link.ipv6() == Link.Ipv6.ON) { // as jnetd: netlink tells (the namespace has it off by default)
                new Sysctl(executor, sandbox).write("net.ipv6.conf." + eth.value() + ".disable_ipv6", "1");
            }
            clock.step();
            rtnl.links().setUp(eth);
            clock.step();
            if (shape.slot(e) == 0) {
                InetAddress gateway = Cidr.parse("10.%d.0.1/16".formatted(network + 1)).address();
                rtnl.routes().add(new Route(Cidr.parse("0.0.0.0/0"), Optional.of(gateway), link.index(),
                        Route.TABLE_MAIN, 0, Optional.empty()));
            }
            clock.step();
        }
    }
}
