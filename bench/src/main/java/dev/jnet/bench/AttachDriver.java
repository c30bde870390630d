package dev.jnet.bench;

/**
 * The network driver containers are attached through: a bridge (each container gets one end of a veth
 * whose other end is a port of the bridge) or macvlan (each container gets a macvlan child of a parent
 * interface, made straight inside it).
 */
enum AttachDriver {
    BRIDGE, MACVLAN;

    /** What a method's name gets for this driver: nothing for the bridge, {@code -macvlan}. */
    String suffix() {
        return switch (this) {
            case BRIDGE -> "";
            case MACVLAN -> "-macvlan";
        };
    }

    /** The kind of link a container's eth0 is ({@code ip -d}'s {@code info_kind}). */
    String interfaceKind() {
        return switch (this) {
            case BRIDGE -> "veth";
            case MACVLAN -> "macvlan";
        };
    }
}
