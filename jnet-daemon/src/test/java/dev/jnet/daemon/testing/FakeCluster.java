package dev.jnet.daemon.testing;

import dev.jnet.cluster.testing.EtcdServer;
import dev.jnet.kernel.rtnl.LinkSpec;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.IfName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Several fake hosts on one underlay, as multi-host tests need them (docs/cluster.md, "Testing"): the
 * underlay namespace holds a bridge with {@link #ETCD_ADDRESS} and the one real etcd, listening there; each
 * host is a {@link FakeHost} with an {@code eth0} on that bridge ({@code 192.168.77.N/24}, a veth made from
 * the underlay side) and its own jnetd process, started with {@code --cluster-store} and
 * {@code --advertise-address}. A test cuts a host off the underlay with {@link #cutOff}.
 */
public final class FakeCluster implements AutoCloseable {
    public static final String ETCD_ADDRESS = "192.168.77.254";
    private static final int ETCD_PORT = 2379;

    private final ThrowawayNs underlay;
    private final List<Member> members = new ArrayList<>();
    private EtcdServer etcd;
    /** Instead of {@link #etcd}, when the cluster's store is several etcd members. */
    private dev.jnet.cluster.testing.EtcdCluster etcdCluster;
    private java.util.Map<String, String> environment = java.util.Map.of();

    /** A host of the cluster: its namespace and directories, its jnetd, its address on the underlay. */
    public record Member(FakeHost host, JnetdProcess jnetd, String address, String uplink) {
        public ApiClient client() {
            return host.client();
        }
    }

    private FakeCluster(ThrowawayNs underlay) {
        this.underlay = underlay;
    }

    /** The underlay bridge in {@code underlay}, and etcd on it. */
    public static FakeCluster start(ThrowawayNs underlay) {
        FakeCluster cluster = new FakeCluster(underlay);
        try {
            cluster.underlayBridge();
            cluster.etcd = EtcdServer.start(List.of("nsenter", "--net=" + underlay.ns().path()), ETCD_ADDRESS, ETCD_PORT);
            return cluster;
        } catch (RuntimeException | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * {@link #start}, with an etcd cluster of {@code members} members on the underlay's address (client ports
     * 2379, 2479, ...) instead of one etcd, and jnetds that name them all in {@code --cluster-store}.
     */
    public static FakeCluster startWithEtcdCluster(ThrowawayNs underlay, int members) {
        FakeCluster cluster = new FakeCluster(underlay);
        try {
            cluster.underlayBridge();
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                ports.add(ETCD_PORT + 100 * i);
            }
            cluster.etcdCluster = dev.jnet.cluster.testing.EtcdCluster.start(List.of("nsenter", "--net=" + underlay.ns().path()),
                    ETCD_ADDRESS, ports);
            return cluster;
        } catch (RuntimeException | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    private void underlayBridge() {
        for (String command : List.of("link set lo up", "link add br0 type bridge", "addr add " + ETCD_ADDRESS + "/24 dev br0",
                "link set br0 up")) {
            underlay.exec(("ip " + command).split(" ")).orFail(List.of("ip", command));
        }
    }

    /** The etcd cluster, if {@link #startWithEtcdCluster} made one. */
    public dev.jnet.cluster.testing.EtcdCluster etcdCluster() {
        return etcdCluster;
    }

    private String storeUrl() {
        return etcdCluster != null ? etcdCluster.storeUrl() : etcd.storeUrl();
    }

    /** The environment the jnetds started from now on get beside this process's (JAVA_TOOL_OPTIONS, say). */
    public FakeCluster jnetdEnvironment(java.util.Map<String, String> value) {
        environment = java.util.Map.copyOf(value);
        return this;
    }

    public EtcdServer etcd() {
        return etcd;
    }

    /**
     * Host number {@code n} (1 to 250) in namespace {@code ns}: {@code eth0} with {@code 192.168.77.n}, and its
     * jnetd in the cluster, with a lease of {@code leaseTtl} and the {@code extra} flags.
     */
    public Member addHost(ThrowawayNs ns, int n, Duration leaseTtl, String... extra) throws InterruptedException {
        String address = connect(ns, n);
        FakeHost host = new FakeHost(ns);
        List<String> flags = new ArrayList<>(List.of("--cluster-store", storeUrl(), "--advertise-address", address,
                "--cluster-lease-ttl", Long.toString(leaseTtl.toSeconds())));
        flags.addAll(List.of(extra));
        JnetdProcess jnetd = JnetdProcess.start(host, environment, flags.toArray(String[]::new));
        Member member = new Member(host, jnetd, address, "h" + n);
        members.add(member);
        jnetd.awaitReady(Duration.ofMinutes(2));
        return member;
    }

    /** Puts namespace {@code ns} on the underlay as host number {@code n}: {@code eth0} with its address, returned. */
    public String connect(ThrowawayNs ns, int n) {
        String uplink = "h" + n;
        String address = "192.168.77." + n;
        underlay.rtnl().links().create(new LinkSpec.Veth(IfName.of(uplink), IfName.of("eth0")).withPeerIn(ns.ns()));
        underlay.exec("ip", "link", "set", uplink, "master", "br0", "up").orFail(List.of("ip link set", uplink));
        for (String command : List.of("link set lo up", "addr add " + address + "/24 dev eth0", "link set eth0 up")) {
            ns.exec(("ip " + command).split(" ")).orFail(List.of("ip", command));
        }
        return address;
    }

    /** Starts the member's jnetd again (after a kill or stop), with the same flags as before. */
    public Member restart(Member member, Duration leaseTtl) throws InterruptedException {
        member.jnetd().close();
        JnetdProcess jnetd = JnetdProcess.start(member.host(), environment, "--cluster-store", storeUrl(), "--advertise-address",
                member.address(), "--cluster-lease-ttl", Long.toString(leaseTtl.toSeconds()));
        Member again = new Member(member.host(), jnetd, member.address(), member.uplink());
        members.set(members.indexOf(member), again);
        jnetd.awaitReady(Duration.ofMinutes(2));
        return again;
    }

    /** Takes the member's link to the underlay down (or up again): it loses etcd and the other hosts. */
    public void cutOff(Member member, boolean cut) {
        underlay.exec("ip", "link", "set", member.uplink(), cut ? "down" : "up").orFail(List.of("ip link set", member.uplink()));
    }

    @Override
    public void close() {
        for (Member m : members) {
            try {
                m.jnetd().terminate();
                m.jnetd().waitFor(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (AssertionError e) {
                // killed below
            } finally {
                m.jnetd().close();
                m.host().close();
            }
        }
        if (etcd != null) {
            etcd.close();
        }
        if (etcdCluster != null) {
            etcdCluster.close();
        }
    }
}
