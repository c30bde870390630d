/**
 * jnet's multi-host control plane: the cluster store (etcd) that holds global networks, their allocations
 * and endpoints, with hosts registered under leases. The API here is what the rest of jnet uses; the etcd
 * implementation lives in {@code dev.jnet.cluster.etcd}.
 */
package dev.jnet.cluster;
