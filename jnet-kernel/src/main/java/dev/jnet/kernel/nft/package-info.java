/** nftables through libnftables: one context per namespace, atomic scripts, JSON listings. */
package dev.jnet.kernel.nft;
