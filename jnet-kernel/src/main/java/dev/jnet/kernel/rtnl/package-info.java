/**
 * rtnetlink operations for one namespace: links (bridge, veth, vxlan, macvlan, ipvlan, vlan), addresses,
 * routes, neighbours and bridge FDB entries, as typed records.
 */
package dev.jnet.kernel.rtnl;
