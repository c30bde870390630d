package dev.jnet.core.firewall;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.kernel.nft.Nftables;
import dev.jnet.net.IfName;

import java.util.Map;

/**
 * jnet's firewall in nftables, in a table of its own ({@code table inet jnet}) that nothing else
 * touches. Per-network facts live in a set and a verdict map, so adding or removing a network is one
 * small transaction whatever the number of networks:
 *
 * <pre>
 * table inet jnet {
 *   set bridges { type ifname }                   # every jnet bridge
 *   map isolation { type ifname : verdict }       # bridge : jump to its isolation chain
 *   chain forward { type filter hook forward priority filter; iifname vmap @isolation }
 *   chain net-ID { oifname != "br-ID" oifname @bridges drop }   # one per network
 * }
 * </pre>
 *
 * Traffic between two jnet bridges is dropped: networks cannot reach each other without a router.
 */
public final class NftFirewall implements Firewall {
    static final String TABLE = "inet jnet";

    private final Nftables nft;

    public NftFirewall(Nftables nft) {
        this.nft = nft;
    }

    /** The table's skeleton; every statement is idempotent ({@code add} of what exists changes nothing). */
    private static final String SKELETON = "add table " + TABLE + "\n"
            + "add set " + TABLE + " bridges { type ifname; }\n"
            + "add map " + TABLE + " isolation { type ifname : verdict; }\n"
            + "add chain " + TABLE + " forward { type filter hook forward priority filter; policy accept; }\n";

    /** Replaces the whole table with one built from {@code bridges} (network by bridge), atomically. */
    @Override
    public void rebuild(Map<IfName, Network> bridges) {
        StringBuilder script = new StringBuilder()
                .append("add table ").append(TABLE).append('\n')
                .append("delete table ").append(TABLE).append('\n')
                .append(SKELETON)
                .append("add rule ").append(TABLE).append(" forward iifname vmap @isolation\n");
        bridges.forEach((bridge, network) -> script.append(addNetwork(network, bridge)));
        nft.apply(script.toString());
    }

    /** Idempotent; fails only if the table lost its forward rule, which {@link #rebuild} repairs. */
    @Override
    public void networkCreated(Network network, IfName bridge) {
        nft.apply(SKELETON + addNetwork(network, bridge));
    }

    /** Idempotent: each object is added before it is deleted, so a missing one is no error. */
    @Override
    public void networkDeleted(Network network, IfName bridge) {
        String chain = chain(network);
        nft.apply(SKELETON + "add chain " + TABLE + " " + chain + "\n"
                + "add element " + TABLE + " isolation { \"" + bridge + "\" : jump " + chain + " }\n"
                + "delete element " + TABLE + " isolation { \"" + bridge + "\" }\n"
                + "add element " + TABLE + " bridges { \"" + bridge + "\" }\n"
                + "delete element " + TABLE + " bridges { \"" + bridge + "\" }\n"
                + "flush chain " + TABLE + " " + chain + "\n"
                + "delete chain " + TABLE + " " + chain + "\n");
    }

    @Override
    public void endpointJoined(Network network, Endpoint endpoint, IfName hostInterface) {
    }

    @Override
    public void endpointLeft(Network network, Endpoint endpoint, IfName hostInterface) {
    }

    private static String addNetwork(Network network, IfName bridge) {
        String chain = chain(network);
        return "add chain " + TABLE + " " + chain + "\n"
                + "flush chain " + TABLE + " " + chain + "\n"
                + "add rule " + TABLE + " " + chain + " oifname != \"" + bridge + "\" oifname @bridges drop\n"
                + "add element " + TABLE + " bridges { \"" + bridge + "\" }\n"
                + "add element " + TABLE + " isolation { \"" + bridge + "\" : jump " + chain + " }\n";
    }

    private static String chain(Network network) {
        return "net-" + network.id().shortId();
    }
}
