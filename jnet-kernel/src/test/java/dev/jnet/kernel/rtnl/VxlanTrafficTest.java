package dev.jnet.kernel.rtnl;

import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two fake hosts joined by a veth "underlay" carry a TCP connection over VXLAN, with learning off: the
 * only way packets find the other host is the FDB entry jnet wrote.
 */
@ExtendWith(NetnsExtension.class)
class VxlanTrafficTest {
    private static final IfName UNDERLAY = IfName.of("u0");
    private static final IfName VXLAN = IfName.of("vx42");

    private static void host(ThrowawayNs ns, String underlayIp, String overlayCidr) throws Exception {
        RtNetlink rtnl = ns.rtnl();
        rtnl.addresses().add(UNDERLAY, Cidr.parse(underlayIp + "/24"));
        rtnl.links().setUp(UNDERLAY);
        rtnl.links().create(new LinkSpec.Vxlan(VXLAN, 42, Optional.of(InetAddress.getByName(underlayIp)),
                LinkSpec.Vxlan.IANA_PORT, Optional.of(UNDERLAY), false, false, LinkOptions.DEFAULTS.withUp(true)));
        rtnl.addresses().add(VXLAN, Cidr.parse(overlayCidr));
    }

    @Test
    void tcpCrossesVxlanOnlyThroughTheFdbEntryJnetWrote(ThrowawayNs a, ThrowawayNs b) throws Exception {
        a.rtnl().links().create(new LinkSpec.Veth(UNDERLAY, IfName.of("u0b")).withPeerIn(b.ns()));
        b.rtnl().links().rename(IfName.of("u0b"), UNDERLAY);
        host(a, "198.51.100.1", "10.42.0.1/24");
        host(b, "198.51.100.2", "10.42.0.2/24");
        InetAddress server = InetAddress.getByName("10.42.0.2");

        try (ServerSocket listener = b.call(() -> new ServerSocket(0, 4, server))) {
            int port = listener.getLocalPort();
            assertThatThrownBy(() -> connect(a, server, port)).as("no FDB entry yet: nowhere to send")
                    .hasRootCauseInstanceOf(SocketTimeoutException.class);

            int aIndex = a.rtnl().links().indexOf(VXLAN);
            int bIndex = b.rtnl().links().indexOf(VXLAN);
            a.rtnl().neighbours().appendFdb(FdbEntry.vxlan(aIndex, FdbEntry.ANY, InetAddress.getByName("198.51.100.2")));
            b.rtnl().neighbours().appendFdb(FdbEntry.vxlan(bIndex, FdbEntry.ANY, InetAddress.getByName("198.51.100.1")));

            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> acceptOne(listener));
            try (Socket client = connect(a, server, port)) {
                assertThat(peer.get(10, TimeUnit.SECONDS)).isEqualTo("10.42.0.1");
                assertThat(client.isConnected()).isTrue();
            }
        }
        assertThat(b.json("bridge", "-j", "fdb", "show", "dev", "vx42").toString()).contains("198.51.100.1");
    }

    private static Socket connect(ThrowawayNs from, InetAddress server, int port) throws Exception {
        return from.call(() -> {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(server, port), 1500);
                return s;
            } catch (SocketTimeoutException e) {
                s.close();
                throw e;
            }
        });
    }

    private static String acceptOne(ServerSocket listener) {
        try (Socket s = listener.accept()) {
            return s.getInetAddress().getHostAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
