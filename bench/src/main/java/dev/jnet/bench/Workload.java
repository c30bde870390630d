package dev.jnet.bench;

import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;

import java.util.ArrayList;
import java.util.List;

/**
 * The work every method does: {@code pairs} veth pairs {@code vbNNNNa}/{@code vbNNNNb}, a distinct
 * {@code 10.x.y.z/32} on each {@code a} end, both ends up, in the given order.
 *
 * <p>Each pair counts as {@value #OPERATIONS_PER_PAIR} operations (link add, address add, two link ups)
 * whatever number of requests a method needs for them, so operations per second compare like with like.
 */
record Workload(int pairs, Order order) {
    static final int OPERATIONS_PER_PAIR = 4;
    static final int MAX_PAIRS = 9999;

    /**
     * The order of the operations, the same for every method. It matters to the kernel: a pair whose
     * ends are both up gets carrier, and the kernel's carrier and IPv6 work (linkwatch, duplicate address
     * detection) then competes for the RTNL lock with the requests still to come.
     */
    enum Order {
        /** All link adds, then all address adds, then every 'a' end up, then every 'b' end up. */
        GROUPED("grouped: all link adds, then all address adds, then all 'a' ends up, then all 'b' ends up"),
        /** For each pair in turn: link add, address add, 'a' up, 'b' up. */
        PER_PAIR("per pair: link add, address add, 'a' up, 'b' up, then the next pair");

        final String description;

        Order(String description) {
            this.description = description;
        }

        /** {@code grouped} or {@code per-pair}, as on the command line. */
        String option() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    Workload {
        if (pairs < 1 || pairs > MAX_PAIRS) {
            throw new IllegalArgumentException("pair count " + pairs + " is out of range (1 to " + MAX_PAIRS + ")");
        }
    }

    int operations() {
        return pairs * OPERATIONS_PER_PAIR;
    }

    IfName name(int pair) {
        return IfName.of("vb%04da".formatted(pair));
    }

    IfName peer(int pair) {
        return IfName.of("vb%04db".formatted(pair));
    }

    /** 10.0.0.1/32 for pair 0, counting up; never a .0 network address for a small count. */
    Cidr address(int pair) {
        int n = pair + 1;
        return Cidr.parse("10.%d.%d.%d/32".formatted((n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff));
    }

    /** The {@code ip} commands (without the leading {@code ip}) that do the work, four per pair. */
    List<String> ipCommands() {
        List<List<String>> kinds = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < pairs; i++) {
            kinds.get(0).add("link add " + name(i) + " type veth peer name " + peer(i));
            kinds.get(1).add("addr add " + address(i) + " dev " + name(i));
            kinds.get(2).add("link set " + name(i) + " up");
            kinds.get(3).add("link set " + peer(i) + " up");
        }
        List<String> commands = new ArrayList<>(operations());
        switch (order) {
            case GROUPED -> kinds.forEach(commands::addAll);
            case PER_PAIR -> {
                for (int i = 0; i < pairs; i++) {
                    for (List<String> kind : kinds) {
                        commands.add(kind.get(i));
                    }
                }
            }
        }
        return commands;
    }
}
