package dev.jnet.core.controller;

import dev.jnet.error.JnetException;
import dev.jnet.kernel.sysctl.Sysctl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's forwarding settings as they were before jnet first changed them, kept in the state directory
 * ({@code host-sysctls}, one {@code key=value} a line) so that an uninstall can put them back. They are read
 * at the first start, on an empty store, before jnet makes its first bridge; a state directory from a jnet
 * that did not record them has no file, and then an uninstall leaves them as they are.
 */
final class HostSysctls {
    /** The host-wide settings a bridge network turns on; per-bridge ones go with the bridges. */
    static final List<String> KEYS = List.of("net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding");
    static final String FILE = "host-sysctls";

    private HostSysctls() {}

    /** Writes the current values if the store was empty ({@code fresh}) and nothing was recorded yet. */
    static void recordIfFresh(Path stateDirectory, Sysctl sysctl, boolean fresh) {
        Path file = stateDirectory.resolve(FILE);
        if (!fresh || Files.exists(file)) {
            return;
        }
        StringBuilder text = new StringBuilder();
        for (String key : KEYS) {
            readable(sysctl, key).ifPresent(value -> text.append(key).append('=').append(value).append('\n'));
        }
        try {
            dev.jnet.core.store.AtomicFile.write(file, text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw JnetException.internal("cannot record the host's forwarding settings in " + file + ": " + e, e);
        }
    }

    /**
     * Puts back each recorded setting that differs now; what it did, one {@code key: now -> recorded} each,
     * or why it did nothing.
     */
    static List<String> restore(Path stateDirectory, Sysctl sysctl) {
        Path file = stateDirectory.resolve(FILE);
        if (!Files.exists(file)) {
            return List.of("forwarding settings left as they are: their values before jnet were not recorded "
                    + "(a state directory from an older jnet)");
        }
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, String> e : recorded(file).entrySet()) {
            String now = readable(sysctl, e.getKey()).orElse(null);
            // Only what is still as jnet sets it (1): a value someone else chose since is theirs
            if ("1".equals(now) && !now.equals(e.getValue())) {
                sysctl.write(e.getKey(), e.getValue());
                done.add(e.getKey() + ": " + now + " -> " + e.getValue());
            }
        }
        return done;
    }

    /** Forgets the record (an uninstall's last step). */
    static void forget(Path stateDirectory) {
        try {
            Files.deleteIfExists(stateDirectory.resolve(FILE));
        } catch (IOException e) {
            throw JnetException.internal("cannot remove " + stateDirectory.resolve(FILE) + ": " + e, e);
        }
    }

    private static Map<String, String> recorded(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0 && KEYS.contains(line.substring(0, eq))) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw JnetException.internal("cannot read " + file + ": " + e, e);
        }
        return values;
    }

    /** The value, or empty when the key is not there (IPv6 turned off in the kernel). */
    private static java.util.Optional<String> readable(Sysctl sysctl, String key) {
        try {
            return java.util.Optional.of(sysctl.read(key));
        } catch (JnetException e) {
            return java.util.Optional.empty();
        }
    }
}
