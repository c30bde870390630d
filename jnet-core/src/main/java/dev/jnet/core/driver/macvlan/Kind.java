package dev.jnet.core.driver.macvlan;

import dev.jnet.core.model.NetworkSpec;

import java.util.List;
import java.util.Set;

/** The two families of child links on a parent, with Docker's option names and modes. */
enum Kind {
    MACVLAN("macvlan", "macvlan_mode", List.of("bridge", "private", "vepa", "passthru"), "bridge", null),
    IPVLAN("ipvlan", "ipvlan_mode", List.of("l2", "l3", "l3s"), "l2", "ipvlan_flag");

    /** The driver's name, which is also the kernel's link kind. */
    final String driver;
    final String modeOption;
    final List<String> modes;
    final String defaultMode;
    /** ipvlan's second option (bridge, private, vepa); none for macvlan. */
    final String flagOption;
    static final String PARENT = "parent";
    static final List<String> FLAGS = List.of("bridge", "private", "vepa");

    Kind(String driver, String modeOption, List<String> modes, String defaultMode, String flagOption) {
        this.driver = driver;
        this.modeOption = modeOption;
        this.modes = modes;
        this.defaultMode = defaultMode;
        this.flagOption = flagOption;
    }

    /** Every option the driver reads. */
    Set<String> options() {
        return flagOption == null ? Set.of(PARENT, modeOption, NetworkSpec.IFACE_PREFIX)
                : Set.of(PARENT, modeOption, flagOption, NetworkSpec.IFACE_PREFIX);
    }
}
