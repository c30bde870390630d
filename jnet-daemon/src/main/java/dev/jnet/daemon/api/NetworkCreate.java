package dev.jnet.daemon.api;

import dev.jnet.core.model.IpamSpec;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.PoolRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/networks}. Only {@code name} is required; {@code ipv4Enabled} defaults to
 * true, and {@code ipv6Enabled} to whether IPv6 subnets are given; {@code ipamDriver} to jnet's own
 * ({@code default}), which takes no {@code ipamOptions}.
 */
record NetworkCreate(String name, String driver, List<PoolJson> ipv4, List<PoolJson> ipv6, Map<String, String> options,
                     Map<String, String> labels, Boolean internal, Boolean attachable, Boolean ipv4Enabled,
                     Boolean ipv6Enabled, String ipamDriver, Map<String, String> ipamOptions) {
    NetworkCreate {
        ipv4 = Fields.orEmpty(ipv4);
        ipv6 = Fields.orEmpty(ipv6);
        options = Fields.orEmpty(options);
        labels = Fields.orEmpty(labels);
        ipamOptions = Fields.orEmpty(ipamOptions);
    }

    NetworkSpec toSpec() {
        return new NetworkSpec(name, driver, pools("ipv4", ipv4, true), pools("ipv6", ipv6, false), options, labels,
                Boolean.TRUE.equals(internal), Boolean.TRUE.equals(attachable),
                ipv4Enabled == null || ipv4Enabled, ipv6Enabled == null ? !ipv6.isEmpty() : ipv6Enabled,
                new IpamSpec(ipamDriver, ipamOptions));
    }

    private static List<PoolRequest> pools(String field, List<PoolJson> pools, boolean ipv4) {
        List<PoolRequest> out = new ArrayList<>();
        for (int i = 0; i < pools.size(); i++) {
            out.add(pools.get(i).toRequest(field + "[" + i + "]", ipv4));
        }
        return out;
    }
}
