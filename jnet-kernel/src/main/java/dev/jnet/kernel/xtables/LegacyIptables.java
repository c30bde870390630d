package dev.jnet.kernel.xtables;

import dev.jnet.error.JnetException;
import dev.jnet.kernel.Errno;
import dev.jnet.kernel.KernelException;
import dev.jnet.kernel.ffi.Libc;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;
import dev.jnet.kernel.xtables.LegacyChain.Family;
import dev.jnet.kernel.xtables.LegacyChain.Rule;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * Reads the FORWARD chain of the legacy iptables {@code filter} tables (IPv4 and IPv6) of a namespace, as
 * {@code iptables-legacy} does: {@code getsockopt(IPT_SO_GET_INFO)} and {@code IPT_SO_GET_ENTRIES} on a raw
 * socket. Read only, and only for a table that already exists: asking for a missing table would make the
 * kernel create it (with every hook registered), so the namespace's {@code ip_tables_names} is checked first.
 */
public final class LegacyIptables {
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int IPPROTO_RAW = 255;
    private static final int SO_GET_INFO = 64; // IPT_SO_GET_INFO and IP6T_SO_GET_INFO
    private static final int SO_GET_ENTRIES = 65;
    private static final int FORWARD_HOOK = 2; // NF_INET_FORWARD
    private static final int GETINFO_SIZE = 84; // struct ipt_getinfo
    private static final int GET_ENTRIES_HEADER = 40; // struct ipt_get_entries without its entries
    private static final int TARGET_HEADER = 32; // struct xt_entry_target
    private static final String TABLE = "filter";

    /** Where struct ipt_entry and ip6t_entry keep what jnet reads; the two differ only in the address part. */
    private record Layout(Family family, int domain, int level, String namesFile, int addressBytes, int inInterface,
                          int outInterface, int protocol, int invFlags, int targetOffset, int nextOffset, int entrySize) {}

    private static final Layout IPV4 = new Layout(Family.IPV4, AF_INET, 0, "ip_tables_names", 16, 16, 32, 80, 83, 88, 90, 112);
    private static final Layout IPV6 = new Layout(Family.IPV6, AF_INET6, 41, "ip6_tables_names", 64, 64, 80, 128, 132, 140,
            142, 168);

    private LegacyIptables() {}

    /** The FORWARD chains of the legacy filter tables that exist in {@code ns} (none when there are none). */
    public static List<LegacyChain> forwardChains(NetnsExecutor executor, NetNs ns) {
        return executor.call(ns, () -> {
            List<LegacyChain> chains = new ArrayList<>();
            for (Layout layout : List.of(IPV4, IPV6)) {
                if (tableExists(layout)) {
                    read(layout, ns).ifPresent(chains::add);
                }
            }
            return chains;
        });
    }

    /** The calling thread's namespace lists its legacy tables in /proc; no file means no x_tables module. */
    private static boolean tableExists(Layout layout) {
        try {
            return Files.readAllLines(Path.of("/proc/thread-self/net", layout.namesFile())).contains(TABLE);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw JnetException.internal("cannot read /proc/thread-self/net/" + layout.namesFile(), e);
        }
    }

    private static Optional<LegacyChain> read(Layout layout, NetNs ns) {
        String what = "read the legacy " + layout.family().command + " " + TABLE + " table in " + ns;
        int fd = Libc.socket(layout.domain(), Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, IPPROTO_RAW, what);
        try (Arena arena = Arena.ofConfined()) {
            for (int attempt = 1; ; attempt++) {
                MemorySegment info = arena.allocate(GETINFO_SIZE, 4);
                info.setString(0, TABLE);
                Libc.getsockopt(fd, layout.level(), SO_GET_INFO, info, what);
                if ((info.get(JAVA_INT_UNALIGNED, 32) & (1 << FORWARD_HOOK)) == 0) {
                    return Optional.empty();
                }
                int size = info.get(JAVA_INT_UNALIGNED, 80);
                MemorySegment entries = arena.allocate(GET_ENTRIES_HEADER + size, 8);
                entries.setString(0, TABLE);
                entries.set(JAVA_INT_UNALIGNED, 32, size);
                try {
                    Libc.getsockopt(fd, layout.level(), SO_GET_ENTRIES, entries, what);
                } catch (KernelException e) {
                    if (e.is(Errno.EAGAIN) && attempt < 3) {
                        continue; // the table changed size between the two calls
                    }
                    throw e;
                }
                int start = info.get(JAVA_INT_UNALIGNED, 36 + 4 * FORWARD_HOOK);
                int underflow = info.get(JAVA_INT_UNALIGNED, 56 + 4 * FORWARD_HOOK);
                return Optional.of(forward(layout, entries.asSlice(GET_ENTRIES_HEADER, size), start, underflow));
            }
        } finally {
            Libc.close(fd);
        }
    }

    /** The rules from the chain's first entry up to its policy entry (the "underflow"), and the policy. */
    private static LegacyChain forward(Layout layout, MemorySegment table, int start, int underflow) {
        Map<Integer, String> chainNames = userChainNames(layout, table);
        List<Rule> rules = new ArrayList<>();
        for (int at = start; at < underflow; at += table.get(JAVA_SHORT_UNALIGNED, at + layout.nextOffset()) & 0xffff) {
            rules.add(rule(layout, table, at, chainNames));
        }
        String policy = target(layout, table, underflow, chainNames);
        return new LegacyChain(layout.family(), TABLE, "FORWARD", policy, rules);
    }

    /** A user chain starts after an ERROR entry that carries its name; jumps point just past that entry. */
    private static Map<Integer, String> userChainNames(Layout layout, MemorySegment table) {
        Map<Integer, String> names = new HashMap<>();
        for (int at = 0; at < table.byteSize(); ) {
            int next = table.get(JAVA_SHORT_UNALIGNED, at + layout.nextOffset()) & 0xffff;
            if (next == 0) {
                break;
            }
            int target = at + (table.get(JAVA_SHORT_UNALIGNED, at + layout.targetOffset()) & 0xffff);
            if (name(table, target + 2, 29).equals("ERROR")) {
                names.put(at + next, name(table, target + TARGET_HEADER, 30));
            }
            at += next;
        }
        return names;
    }

    private static Rule rule(Layout layout, MemorySegment table, int at, Map<Integer, String> chainNames) {
        int targetAt = table.get(JAVA_SHORT_UNALIGNED, at + layout.targetOffset()) & 0xffff;
        List<String> matches = new ArrayList<>();
        for (int m = layout.entrySize(); m < targetAt; ) {
            int size = table.get(JAVA_SHORT_UNALIGNED, at + m) & 0xffff;
            matches.add(name(table, at + m + 2, 29));
            m += Math.max(size, 1);
        }
        int inverted = table.get(JAVA_BYTE, at + layout.invFlags());
        String in = name(table, at + layout.inInterface(), 16);
        String out = name(table, at + layout.outInterface(), 16);
        boolean anyAddress = table.asSlice(at, layout.addressBytes()).mismatch(MemorySegment.ofArray(new byte[layout.addressBytes()])) < 0;
        boolean everything = anyAddress && in.isEmpty() && out.isEmpty() && matches.isEmpty() && inverted == 0
                && table.get(JAVA_SHORT_UNALIGNED, at + layout.protocol()) == 0;
        // IPT_INV_VIA_IN and IPT_INV_VIA_OUT (the same bits for IPv6)
        return new Rule(((inverted & 0x01) != 0 ? "!" : "") + in, ((inverted & 0x02) != 0 ? "!" : "") + out, matches,
                target(layout, table, at, chainNames), everything);
    }

    /** The standard target's verdict by name, or the extension target's name. */
    private static String target(Layout layout, MemorySegment table, int at, Map<Integer, String> chainNames) {
        int target = at + (table.get(JAVA_SHORT_UNALIGNED, at + layout.targetOffset()) & 0xffff);
        String name = name(table, target + 2, 29);
        if (!name.isEmpty()) {
            return name;
        }
        int verdict = table.get(JAVA_INT_UNALIGNED, target + TARGET_HEADER);
        return switch (verdict) {
            case -1 -> "DROP";
            case -2 -> "ACCEPT";
            case -4 -> "QUEUE";
            case -5 -> "RETURN";
            default -> verdict >= 0 ? chainNames.getOrDefault(verdict, "jump to offset " + verdict) : "verdict " + verdict;
        };
    }

    private static String name(MemorySegment table, long at, int max) {
        byte[] bytes = table.asSlice(at, max).toArray(JAVA_BYTE);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }
}
