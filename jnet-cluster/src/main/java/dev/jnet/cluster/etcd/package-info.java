/**
 * The cluster store on etcd, through jetcd: every call under a deadline, allocations as create-if-absent
 * transactions, host records under leases renewed and re-granted when lost, and prefix watches that
 * re-list from the store whenever the watch breaks (a compacted revision, a lost leader, a lost
 * connection).
 */
package dev.jnet.cluster.etcd;
