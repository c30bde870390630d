package dev.jnet.kernel.rtnl;

import dev.jnet.error.ErrorKind;
import dev.jnet.kernel.KernelException;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(NetnsExtension.class)
class AddressesTest {
    private static final IfName A0 = IfName.of("a0");

    private static List<String> observed(ThrowawayNs ns, String dev) {
        List<String> out = new ArrayList<>();
        for (JsonNode link : ns.json("ip", "-j", "addr", "show", "dev", dev)) {
            for (JsonNode a : link.path("addr_info")) {
                if (!a.path("scope").asString().equals("link")) {
                    out.add(a.path("local").asString() + "/" + a.path("prefixlen").asInt()
                            + (a.path("tentative").asBoolean(false) ? " tentative" : ""));
                }
            }
        }
        return out;
    }

    @Test
    void addsIpv4AndIpv6AddressesThatAreUsableAtOnce(ThrowawayNs ns) {
        ns.rtnl().links().create(new LinkSpec.Veth(A0, IfName.of("a1")).withOptions(
                LinkOptions.DEFAULTS.withUp(true), LinkOptions.DEFAULTS.withUp(true)));
        ns.rtnl().addresses().add(A0, Cidr.parse("192.0.2.10/24"));
        ns.rtnl().addresses().add(A0, Cidr.parse("2001:db8::10/64"));

        assertThat(observed(ns, "a0")).containsExactlyInAnyOrder("192.0.2.10/24", "2001:db8::10/64");
        assertThat(ns.json("ip", "-j", "addr", "show", "dev", "a0").get(0).path("addr_info").get(0)
                .path("broadcast").asString()).isEqualTo("192.0.2.255");
        assertThat(ns.rtnl().addresses().list(A0)).extracting(a -> a.cidr().toString())
                .contains("192.0.2.10/24", "2001:db8::10/64");
    }

    @Test
    void aListOfOneFamilyHoldsThatFamilysAddressesOnly(ThrowawayNs ns) {
        ns.rtnl().links().create(new LinkSpec.Veth(A0, IfName.of("a1")).withOptions(
                LinkOptions.DEFAULTS.withUp(true), LinkOptions.DEFAULTS.withUp(true)));
        ns.rtnl().addresses().add(A0, Cidr.parse("192.0.2.10/24"));
        ns.rtnl().addresses().add(A0, Cidr.parse("2001:db8::10/64"));

        assertThat(ns.rtnl().addresses().list(false)).extracting(a -> a.cidr().toString())
                .contains("192.0.2.10/24").allMatch(c -> !c.contains(":"));
        assertThat(ns.rtnl().addresses().list(true)).extracting(a -> a.cidr().toString())
                .contains("2001:db8::10/64").allMatch(c -> c.contains(":"));
    }

    @Test
    void deletesAnAddressAndAMissingOneIsNotFound(ThrowawayNs ns) {
        ns.rtnl().links().create(new LinkSpec.Veth(A0, IfName.of("a1")));
        ns.rtnl().addresses().add(A0, Cidr.parse("192.0.2.10/24"));
        ns.rtnl().addresses().delete(A0, Cidr.parse("192.0.2.10/24"));

        assertThat(observed(ns, "a0")).isEmpty();
        assertThatThrownBy(() -> ns.rtnl().addresses().delete(A0, Cidr.parse("192.0.2.10/24")))
                .isInstanceOfSatisfying(KernelException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessageContaining("192.0.2.10/24");
    }

    @Test
    void anAddressTheKernelWillNotAssignIsInvalidNotMissing(ThrowawayNs ns) {
        ns.rtnl().links().create(new LinkSpec.Veth(A0, IfName.of("a1")));
        for (String refused : List.of("::1/128", "ff02::5/16")) {
            assertThatThrownBy(() -> ns.rtnl().addresses().add(A0, Cidr.parse(refused)))
                    .isInstanceOfSatisfying(KernelException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
                        assertThat(e.is(dev.jnet.kernel.Errno.EADDRNOTAVAIL)).isTrue();
                    })
                    .hasMessageContaining(refused).hasMessageContaining("Cannot assign requested address");
        }
        assertThat(observed(ns, "a0")).isEmpty();
    }

    @Test
    void addingTheSameAddressTwiceIsAConflict(ThrowawayNs ns) {
        ns.rtnl().links().create(new LinkSpec.Veth(A0, IfName.of("a1")));
        ns.rtnl().addresses().add(A0, Cidr.parse("192.0.2.10/24"));
        assertThatThrownBy(() -> ns.rtnl().addresses().add(A0, Cidr.parse("192.0.2.10/24")))
                .isInstanceOfSatisfying(KernelException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
    }

    @Test
    void anAddressOnAMissingLinkIsNotFound(ThrowawayNs ns) {
        assertThatThrownBy(() -> ns.rtnl().addresses().add(IfName.of("ghost0"), Cidr.parse("192.0.2.10/24")))
                .isInstanceOfSatisfying(KernelException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessageContaining("ghost0");
    }

    @Test
    void aVethPairWithAddressesCarriesATcpConnectionBetweenNamespaces(ThrowawayNs left, ThrowawayNs right)
            throws Exception {
        left.rtnl().links().create(new LinkSpec.Veth(A0, IfName.of("b0")).withPeerIn(right.ns())
                .withOptions(LinkOptions.DEFAULTS.withUp(true), LinkOptions.DEFAULTS));
        right.rtnl().links().setUp(IfName.of("b0"));
        left.rtnl().addresses().add(A0, Cidr.parse("192.0.2.1/24"));
        right.rtnl().addresses().add(IfName.of("b0"), Cidr.parse("192.0.2.2/24"));
        InetAddress server = InetAddress.getByName("192.0.2.2");

        // java.net.Socket makes its descriptor lazily, at connect: connect inside the namespace too.
        try (ServerSocket listener = right.call(() -> new ServerSocket(0, 1, server))) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> echoOnce(listener));
            Socket client = left.call(() -> {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(server, listener.getLocalPort()), 5000);
                return s;
            });
            client.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
            String reply = new String(client.getInputStream().readNBytes(6), StandardCharsets.UTF_8);

            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("hello\n from 192.0.2.1");
            assertThat(reply).isEqualTo("hello\n");
            client.close();
        }
    }

    private static String echoOnce(ServerSocket listener) {
        try (Socket s = listener.accept()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] line = in.readNBytes(6);
            out.write(line);
            return new String(line, StandardCharsets.UTF_8) + " from " + s.getInetAddress().getHostAddress();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
