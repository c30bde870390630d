package dev.jnet.core.ipam;

import dev.jnet.net.Cidr;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Addresses as unsigned integers, so that IPv4 and IPv6 subnets of any size share one arithmetic. */
final class IpNumbers {
    private IpNumbers() {}

    static BigInteger of(InetAddress address) {
        return new BigInteger(1, address.getAddress());
    }

    static InetAddress address(BigInteger number, boolean ipv4) {
        byte[] raw = number.toByteArray();
        byte[] out = new byte[ipv4 ? 4 : 16];
        int length = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - length, out, out.length - length, length);
        try {
            // Inet6Address.getByAddress keeps ::ffff:a.b.c.d an IPv6 address, where InetAddress would not.
            return ipv4 ? InetAddress.getByAddress(out) : Inet6Address.getByAddress(null, out, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot happen for a 4 or 16 byte address", e);
        }
    }

    static BigInteger first(Cidr cidr) {
        return of(cidr.network().address());
    }

    static BigInteger last(Cidr cidr) {
        return first(cidr).add(size(cidr)).subtract(BigInteger.ONE);
    }

    /** How many addresses the prefix holds. */
    static BigInteger size(Cidr cidr) {
        return BigInteger.ONE.shiftLeft(bits(cidr) - cidr.prefixLength());
    }

    static int bits(Cidr cidr) {
        return cidr.address() instanceof Inet4Address ? 32 : 128;
    }

    static Cidr cidr(BigInteger first, int prefixLength, boolean ipv4) {
        return new Cidr(address(first, ipv4), prefixLength);
    }
}
