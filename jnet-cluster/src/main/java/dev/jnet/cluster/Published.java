package dev.jnet.cluster;

import dev.jnet.net.Cidr;
import dev.jnet.net.MacAddress;

import java.net.InetAddress;

/**
 * An endpoint's record as another host follows it: the record with its address and MAC already read, so
 * that a host reads each record once, not at every change anywhere in the cluster ({@link RecordCache}).
 *
 * @param record the record the claim of its address holds
 * @param address the record's address
 * @param mac the record's MAC
 */
record Published(EndpointRecord record, InetAddress address, MacAddress mac) {
    /** The record at {@code key} holding {@code json}; an error if it is none, or has no usable address or MAC. */
    static Published read(String key, String json) {
        EndpointRecord r = EndpointRecord.fromJson(key, json);
        return new Published(r, Cidr.parseAddress(r.address()), MacAddress.parse(r.mac()));
    }
}
