package dev.jnet.kernel.probe;

/**
 * One kernel feature and whether jnet can use it here.
 *
 * @param name the feature as users know it ({@code vxlan}, {@code 802.1q vlan}, {@code IPVS})
 * @param available whether the probe could use it
 * @param detail what the probe found: how it checked, or why the feature is missing
 */
public record Capability(String name, boolean available, String detail) {
}
