package dev.jnet.net;

import dev.jnet.error.JnetException;

import java.util.Arrays;
import java.util.HexFormat;

/** A 48-bit Ethernet address, written {@code 02:42:ac:11:00:02}. */
public final class MacAddress {
    private static final HexFormat FORMAT = HexFormat.ofDelimiter(":");
    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Parses six colon-separated hex octets; anything else is an {@code INVALID} error. */
    public static MacAddress parse(String text) {
        if (text == null || !text.matches("\\p{XDigit}{2}(:\\p{XDigit}{2}){5}")) {
            throw JnetException.invalid("MAC address '" + text
                    + "' is not six colon-separated hex octets such as 02:42:ac:11:00:02");
        }
        return new MacAddress(FORMAT.parseHex(text));
    }

    /** Wraps six raw bytes (copied). */
    public static MacAddress of(byte[] raw) {
        if (raw.length != 6) {
            throw JnetException.invalid("a MAC address has 6 bytes, got " + raw.length);
        }
        return new MacAddress(raw.clone());
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Whether the group bit is set (broadcast and multicast addresses), which interfaces may not use. */
    public boolean isMulticast() {
        return (bytes[0] & 1) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return FORMAT.formatHex(bytes);
    }
}
