/**
 * Legacy iptables (x_tables), which nftables cannot see: read-only access to the FORWARD chains of the
 * filter tables, as {@code iptables-legacy -S FORWARD} shows them, without running iptables.
 */
package dev.jnet.kernel.xtables;
