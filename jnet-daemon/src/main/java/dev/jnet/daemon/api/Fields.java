package dev.jnet.daemon.api;

import dev.jnet.core.model.DnsNames;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;
import dev.jnet.net.IpFormat;
import dev.jnet.net.MacAddress;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** Turning request fields into values, with the field's name in every error; and values back into text. */
final class Fields {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** RFC 1123 host names: dot-separated labels of letters, digits and inner hyphens. */

    private Fields() {}

    /** Parses {@code text} with {@code parser}; an INVALID error names {@code field}. */
    static <T> T parse(String field, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (JnetException e) {
            throw JnetException.invalid(field + ": " + e.getMessage());
        }
    }

    static Optional<InetAddress> address(String field, String text) {
        return Optional.ofNullable(text).map(t -> parse(field, t, Cidr::parseAddress));
    }

    static Optional<Cidr> cidr(String field, String text) {
        return Optional.ofNullable(text).map(t -> parse(field, t, Cidr::parse));
    }

    static Optional<MacAddress> mac(String field, String text) {
        return Optional.ofNullable(text).map(t -> parse(field, t, MacAddress::parse));
    }

    static Map<String, InetAddress> addresses(String field, Map<String, String> texts) {
        Map<String, InetAddress> out = new LinkedHashMap<>();
        texts.forEach((name, text) -> out.put(name, parse(field + "." + name, text, Cidr::parseAddress)));
        return out;
    }

    /** A host or domain name that can be written into hosts and resolv.conf as it is. */
    static String hostName(String field, String name) {
        return DnsNames.hostName(field, name);
    }

    static String resolverOption(String field, String option) {
        return DnsNames.resolverOption(field, option);
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : Map.copyOf(map);
    }

    /** A map for a response: sorted by key, so the JSON is the same for the same state. */
    static <V> Map<String, V> sorted(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(map));
    }

    /**
     * A namespace file as a client can open it: {@code /proc/self/ns/net} (the namespace of a sandbox that
     * shares jnetd's) names the reader's own namespace, so it is shown as jnetd's {@code /proc/PID/ns/net}.
     */
    static String namespace(Path file) {
        Path self = Path.of("/proc/self");
        if (!file.startsWith(self)) {
            return file.toString();
        }
        return Path.of("/proc", Long.toString(ProcessHandle.current().pid()))
                .resolve(self.relativize(file)).toString();
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    static String text(Optional<InetAddress> address) {
        return address.map(IpFormat::format).orElse(null);
    }

    static Map<String, String> texts(Map<String, InetAddress> addresses) {
        Map<String, String> out = new LinkedHashMap<>();
        addresses.forEach((name, address) -> out.put(name, IpFormat.format(address)));
        return out;
    }
}
