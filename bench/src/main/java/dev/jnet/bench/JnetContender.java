package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;
import dev.jnet.kernel.rtnl.Address;
import dev.jnet.kernel.rtnl.Link;
import dev.jnet.kernel.rtnl.LinkOptions;
import dev.jnet.kernel.rtnl.LinkSpec;
import dev.jnet.kernel.rtnl.RtNetlink;
import dev.jnet.net.IfName;

import java.util.ArrayList;
import java.util.List;

/**
 * jnet's kernel layer through its public API: one rtnetlink socket opened inside the namespace, then
 * pipelined batches: every veth created in one {@code createAll} (its 'a' end up in the creating
 * request; the kernel echoes each new link back, so its index is known without a dump), every address
 * in one {@code addAll}, and, in the
 * grouped order, every 'b' end up in one {@code setUpAll}. In the per-pair order each 'b' end is brought
 * up right after its pair is created, in the same batch (what {@code createAll} does for a veth whose
 * peer options say up), the nearest jnet comes to ip's pair-by-pair order. The clock covers all of it,
 * opening the socket and building the requests included.
 *
 * @param executor runs the socket's creation inside the namespace
 */
record JnetContender(NetnsExecutor executor) implements Contender {
    private static final LinkOptions UP = LinkOptions.DEFAULTS.withUp(true);

    @Override
    public String name() {
        return "jnet";
    }

    @Override
    public String label() {
        return "jnet (rtnetlink)";
    }

    @Override
    public Measurement run(Workload workload, NetNs ns) {
        boolean peersAtOnce = workload.order() == Workload.Order.PER_PAIR;
        List<Measurement.Phase> phases = new ArrayList<>();
        long start = System.nanoTime();
        long mark = start;
        try (RtNetlink rtnl = RtNetlink.open(executor, ns)) {
            mark = phase(phases, "open socket", mark);

            List<LinkSpec> veths = new ArrayList<>(workload.pairs());
            for (int i = 0; i < workload.pairs(); i++) {
                veths.add(new LinkSpec.Veth(workload.name(i), workload.peer(i))
                        .withOptions(UP, peersAtOnce ? UP : LinkOptions.DEFAULTS));
            }
            List<Link> created = rtnl.links().createAll(veths);
            mark = phase(phases, peersAtOnce ? "create veths, both ends up" : "create veths, 'a' up", mark);

            List<Address> addresses = new ArrayList<>(workload.pairs());
            for (int i = 0; i < workload.pairs(); i++) {
                addresses.add(new Address(created.get(i).index(), workload.address(i), Address.SCOPE_UNIVERSE));
            }
            rtnl.addresses().addAll(addresses);
            mark = phase(phases, "add addresses", mark);

            if (!peersAtOnce) {
                List<IfName> peers = new ArrayList<>(workload.pairs());
                for (int i = 0; i < workload.pairs(); i++) {
                    peers.add(workload.peer(i));
                }
                rtnl.links().setUpAll(peers);
                phase(phases, "'b' ends up", mark);
            }
        }
        return new Measurement(System.nanoTime() - start, phases);
    }

    private static long phase(List<Measurement.Phase> phases, String name, long since) {
        long now = System.nanoTime();
        phases.add(new Measurement.Phase(name, now - since));
        return now;
    }
}
