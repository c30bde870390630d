/** The firewall contract the bridge driver calls; implementations own their nftables tables. */
package dev.jnet.core.firewall;
