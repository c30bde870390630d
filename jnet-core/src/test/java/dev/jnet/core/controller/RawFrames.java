package dev.jnet.core.controller;

import dev.jnet.kernel.ffi.Libc;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.testing.TestKernel;
import dev.jnet.net.MacAddress;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;

/**
 * Hand-made Ethernet frames sent from inside a namespace through a packet socket: what a hostile sandbox
 * sends to take over a neighbour's address (gratuitous ARP, neighbour and router advertisements, frames
 * with a chosen source MAC).
 */
final class RawFrames {
    private static final int AF_PACKET = 17;
    private static final int SOCK_RAW = 3;
    private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};
    private static final byte[] ALL_NODES_MAC = {0x33, 0x33, 0, 0, 0, 1};
    private static final InetAddress ALL_NODES = address("ff02::1");

    private RawFrames() {}

    /** Sends {@code frame} as it is out of {@code ifname} in {@code ns}. */
    static void send(NetNs ns, String ifname, byte[] frame) {
        TestKernel.executor().call(ns, () -> {
            int index = NetworkInterface.getByName(ifname).getIndex();
            int fd = Libc.socket(AF_PACKET, SOCK_RAW, 0, "open a packet socket");
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment link = arena.allocate(20); // struct sockaddr_ll
                link.set(ValueLayout.JAVA_SHORT, 0, (short) AF_PACKET);
                link.set(ValueLayout.JAVA_INT, 4, index);
                Libc.bind(fd, link, "bind a packet socket to " + ifname);
                MemorySegment buffer = arena.allocateFrom(ValueLayout.JAVA_BYTE, frame);
                Libc.send(fd, buffer, frame.length, Libc.callState(arena), "send a frame on " + ifname);
            } finally {
                Libc.close(fd);
            }
            return null;
        });
    }

    /** A gratuitous ARP request: "{@code ip} is at {@code mac}", to everyone. */
    static byte[] gratuitousArp(MacAddress mac, InetAddress ip) {
        ByteBuffer arp = ByteBuffer.allocate(28).putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4)
                .putShort((short) 1).put(mac.bytes()).put(ip.getAddress()).put(new byte[6]).put(ip.getAddress());
        return ethernet(BROADCAST, mac.bytes(), 0x0806, arp.array());
    }

    /** The same frame with an 802.1Q tag of VLAN 0 (priority only), which receivers treat as untagged. */
    static byte[] priorityTagged(byte[] frame) {
        return ByteBuffer.allocate(frame.length + 4).put(frame, 0, 12).putShort((short) 0x8100).putShort((short) 0)
                .put(frame, 12, frame.length - 12).array();
    }

    /** A frame to a link-local group (LLDP's, 01:80:c2:00:00:0e) with {@code source} as its sender. */
    static byte[] lldp(MacAddress source) {
        return ethernet(new byte[] {1, (byte) 0x80, (byte) 0xc2, 0, 0, 0x0e}, source.bytes(), 0x88cc, new byte[46]);
    }

    /** An unsolicited neighbour advertisement with the override flag: "{@code target} is at {@code mac}". */
    static byte[] neighbourAdvertisement(MacAddress mac, InetAddress source, InetAddress target) {
        ByteBuffer icmp = ByteBuffer.allocate(32).put((byte) 136).put((byte) 0).putShort((short) 0)
                .putInt(0x20000000).put(target.getAddress()).put((byte) 2).put((byte) 1).put(mac.bytes());
        return icmpv6(mac, source, icmp.array());
    }

    /** A router advertisement offering the sender as default router for 30 minutes. */
    static byte[] routerAdvertisement(MacAddress mac, InetAddress linkLocal) {
        ByteBuffer icmp = ByteBuffer.allocate(24).put((byte) 134).put((byte) 0).putShort((short) 0)
                .put((byte) 64).put((byte) 0).putShort((short) 1800).putInt(0).putInt(0)
                .put((byte) 1).put((byte) 1).put(mac.bytes());
        return icmpv6(mac, linkLocal, icmp.array());
    }

    private static byte[] icmpv6(MacAddress mac, InetAddress source, byte[] icmp) {
        ByteBuffer.wrap(icmp).putShort(2, checksum(source, ALL_NODES, icmp));
        ByteBuffer ip = ByteBuffer.allocate(40 + icmp.length).putInt(0x60000000).putShort((short) icmp.length)
                .put((byte) 58).put((byte) 255).put(source.getAddress()).put(ALL_NODES.getAddress()).put(icmp);
        return ethernet(ALL_NODES_MAC, mac.bytes(), 0x86dd, ip.array());
    }

    /** The ICMPv6 checksum over the pseudo-header (RFC 8200 section 8.1) and the message. */
    private static short checksum(InetAddress source, InetAddress destination, byte[] icmp) {
        ByteBuffer b = ByteBuffer.allocate(40 + icmp.length + 1).put(source.getAddress()).put(destination.getAddress())
                .putInt(icmp.length).putInt(58).put(icmp);
        long sum = 0;
        for (int i = 0; i + 1 < b.capacity(); i += 2) {
            sum += b.getShort(i) & 0xffff;
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (short) ~sum;
    }

    private static byte[] ethernet(byte[] destination, byte[] source, int type, byte[] payload) {
        return ByteBuffer.allocate(14 + payload.length).put(destination).put(source).putShort((short) type).put(payload)
                .array();
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
