package dev.jnet.daemon.api;

import java.util.List;

/** A network's subnets in use, by family. */
record IpamJson(List<PoolJson> ipv4, List<PoolJson> ipv6) {}
