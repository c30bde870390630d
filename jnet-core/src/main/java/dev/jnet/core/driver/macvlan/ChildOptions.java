package dev.jnet.core.driver.macvlan;

import dev.jnet.core.driver.Driver;
import dev.jnet.core.driver.NetworkPlan;
import dev.jnet.core.model.NetworkId;
import dev.jnet.error.JnetException;
import dev.jnet.net.IfName;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A macvlan or ipvlan network's plan: its parent link and mode, with Docker's option names.
 *
 * @param parent the host interface children hang off ({@code parent}); with a {@code .VID} suffix an 802.1Q
 *     sub-interface, which jnet creates when missing
 * @param vlan the VLAN id of such a sub-interface, else 0
 * @param internalParent whether no parent was given: then jnet makes one of its own and the network is internal
 * @param mode macvlan's bridge, private, vepa or passthru; ipvlan's l2, l3 or l3s
 * @param flag ipvlan's bridge, private or vepa (macvlan: bridge)
 */
record ChildOptions(Kind kind, IfName parent, int vlan, boolean internalParent, String mode, String flag)
        implements NetworkPlan {

    /** Reads the options; every problem is in one INVALID answer. */
    static ChildOptions parse(Kind kind, Map<String, String> options, NetworkId id) {
        List<String> problems = new ArrayList<>();
        for (String key : new TreeSet<>(options.keySet())) {
            if (!kind.options().contains(key)) {
                problems.add("unknown option " + key);
            }
        }
        String mode = options.getOrDefault(kind.modeOption, kind.defaultMode);
        if (!kind.modes.contains(mode)) {
            problems.add("option " + kind.modeOption + " must be one of " + String.join(", ", kind.modes) + ", not '" + mode + "'");
        }
        String flag = kind.flagOption == null ? "bridge" : options.getOrDefault(kind.flagOption, "bridge");
        if (!Kind.FLAGS.contains(flag)) {
            problems.add("option " + kind.flagOption + " must be one of " + String.join(", ", Kind.FLAGS) + ", not '" + flag + "'");
        }
        String parent = options.get(Kind.PARENT);
        Optional<IfName> name = Optional.empty();
        int vlan = 0;
        if (parent != null) {
            try {
                name = Optional.of(IfName.of(parent));
                vlan = vlanOf(parent);
            } catch (JnetException e) {
                problems.add("option parent '" + parent + "': " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw JnetException.invalid("the " + kind.driver + " driver cannot use these options: " + String.join("; ", problems)
                    + " (known: " + String.join(", ", new TreeSet<>(kind.options())) + ")");
        }
        return new ChildOptions(kind, name.orElseGet(() -> internalParentName(id)), vlan, name.isEmpty(), mode, flag);
    }

    /**
     * The VLAN id of a {@code NAME.VID} parent, 0 for a plain name. Checked only when jnet has to make the
     * sub-interface (an existing {@code bond0.12345} is any link's name, as for Docker).
     */
    private static int vlanOf(String parent) {
        int dot = parent.lastIndexOf('.');
        if (dot <= 0 || dot == parent.length() - 1 || !parent.substring(dot + 1).chars().allMatch(Character::isDigit)) {
            return 0;
        }
        String digits = parent.substring(dot + 1);
        return digits.length() > 5 ? 99_999 : Integer.parseInt(digits);
    }

    /** The parent jnet makes for a network without one, as Docker's {@code dm-} dummy link: {@code dm-<short id>}. */
    static IfName internalParentName(NetworkId id) {
        return IfName.of("dm-" + id.shortId());
    }

    /** The link an 802.1Q parent is a sub-interface of. */
    IfName vlanLower() {
        String name = parent.value();
        return IfName.of(name.substring(0, name.lastIndexOf('.')));
    }

    /** Whether jnet may have to make the parent: an internal one, or an 802.1Q sub-interface. */
    boolean parentMadeByJnet() {
        return internalParent || vlan != 0;
    }

    /**
     * The resolved options, kept with the network and read back with its options: the parent (none for an
     * internal network, whose parent jnet names after it) and the mode (and ipvlan's flag).
     */
    @Override
    public Map<String, String> data() {
        Map<String, String> data = new java.util.TreeMap<>();
        if (!internalParent) {
            data.put(Kind.PARENT, parent.value());
        }
        data.put(kind.modeOption, mode);
        if (kind.flagOption != null) {
            data.put(kind.flagOption, flag);
        }
        return data;
    }

    /** Children take addresses from subnets whose gateway IPAM keeps free (the LAN's router). */
    @Override
    public Driver.IpamNeeds ipamNeeds(boolean ipv6) {
        return Driver.IpamNeeds.SUBNETS_WITH_GATEWAY;
    }

    /** Docker's routed ipvlan modes send everything through the parent, without a gateway. */
    boolean routed() {
        return kind == Kind.IPVLAN && !mode.equals("l2");
    }
}
