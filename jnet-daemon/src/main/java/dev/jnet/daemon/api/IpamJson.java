package dev.jnet.daemon.api;

import java.util.List;
import java.util.Map;

/** A network's IPAM driver with its options, and its subnets in use, by family. */
record IpamJson(String driver, Map<String, String> options, List<PoolJson> ipv4, List<PoolJson> ipv6) {}
