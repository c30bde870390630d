/**
 * The overlay driver's data path (VXLAN across hosts), as Docker's: one namespace per overlay network on each
 * host, holding a bridge (with the subnet's gateway address) and a VXLAN device made in the host namespace
 * (so its UDP socket uses the host's underlay) and moved in; endpoints are veths from that bridge into their
 * sandboxes. Remote endpoints are static neighbour (IP to MAC) and FDB (MAC to host) entries on the VXLAN
 * device, written with replace semantics and brought in line with a desired set as a whole; learning is off
 * on the device and its bridge port, and the device answers ARP from its neighbour table. The control plane
 * that says which remote endpoints exist lives in jnet-cluster.
 */
package dev.jnet.core.driver.overlay;
