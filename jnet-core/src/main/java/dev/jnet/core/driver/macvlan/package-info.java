/**
 * The macvlan and ipvlan drivers: sandboxes get a child link of a host interface (a LAN's uplink, an
 * 802.1Q sub-interface of it, or an empty bridge for an internal network) with an address on that LAN.
 */
package dev.jnet.core.driver.macvlan;
