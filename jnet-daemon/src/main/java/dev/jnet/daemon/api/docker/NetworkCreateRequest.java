package dev.jnet.daemon.api.docker;

import dev.jnet.core.model.IpamSpec;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /networks/create}: Docker's {@code CreateRequest} with every field it has.
 * What jnet does not implement (swarm scope, ingress, config-only networks) is refused
 * with a 400 that says so.
 *
 * @param CheckDuplicate ignored, as by Docker since API 1.44: jnet never allows two networks of one name
 */
record NetworkCreateRequest(String Name, String Driver, String Scope, Boolean EnableIPv4, Boolean EnableIPv6,
                            IpamJson IPAM, Boolean Internal, Boolean Attachable, Boolean Ingress, Boolean ConfigOnly,
                            ConfigReference ConfigFrom, Map<String, String> Options, Map<String, String> Labels,
                            Boolean CheckDuplicate) {
    /** Docker's predefined network names ({@code network.IsPredefined}). */
    static final Set<String> PREDEFINED = Set.of("bridge", "host", "none", "default");
    static final String ENABLE_IPV4 = "com.docker.network.enable_ipv4";
    static final String ENABLE_IPV6 = "com.docker.network.enable_ipv6";
    /** EnableIPv4 was added in API 1.48; dockerd ignores it from older clients. */
    private static final ApiVersion IPV4_FLAG = ApiVersion.parse("1.48");

    /** The network to create, for a client speaking {@code version}. */
    NetworkSpec toSpec(ApiVersion version) {
        if (Name == null || Name.isEmpty()) {
            throw JnetException.invalid("field \"Name\" is required: the name of the network to create");
        }
        if (PREDEFINED.contains(Name)) {
            throw new JnetException(ErrorKind.FORBIDDEN, "operation is not permitted on predefined " + Name + " network ");
        }
        refuseUnimplemented();
        Map<String, String> options = new HashMap<>(Options == null ? Map.of() : Options);
        boolean ipv4 = flag(version.before(IPV4_FLAG) ? null : EnableIPv4, ENABLE_IPV4, true, options);
        boolean ipv6 = flag(EnableIPv6, ENABLE_IPV6, false, options);
        IpamJson.Requested pools = IPAM == null ? new IpamJson.Requested(List.of(), List.of()) : IPAM.requests();
        if (!ipv6 && !pools.ipv6().isEmpty()) {
            throw JnetException.invalid("IPAM.Config has IPv6 subnets but EnableIPv6 is not set (docker network create"
                    + " --ipv6)");
        }
        return new NetworkSpec(Name, Driver, pools.ipv4(), pools.ipv6(), options, Labels == null ? Map.of() : Labels,
                Boolean.TRUE.equals(Internal), Boolean.TRUE.equals(Attachable), ipv4, ipv6,
                IPAM == null ? IpamSpec.DEFAULT : IPAM.driver());
    }

    private void refuseUnimplemented() {
        if (Scope != null && !Scope.isEmpty() && !Scope.equals(NetworkJson.LOCAL)) {
            throw JnetException.invalid("Scope: jnet has only local networks; scope '" + Scope + "' is not implemented");
        }
        if (Boolean.TRUE.equals(Ingress)) {
            throw JnetException.invalid("Ingress: jnet does not implement ingress networks (swarm's routing mesh)");
        }
        if (Boolean.TRUE.equals(ConfigOnly)) {
            throw JnetException.invalid("ConfigOnly: jnet does not implement config-only networks (--config-only)");
        }
        if (ConfigFrom != null && ConfigFrom.isSet()) {
            throw JnetException.invalid("ConfigFrom: jnet does not implement networks configured from a config-only "
                    + "network (--config-from " + ConfigFrom.Network() + ")");
        }
    }

    /**
     * Docker's rule for EnableIPv4 and EnableIPv6: the field if given (and then the driver option of the same
     * meaning is dropped), else the driver option, else {@code fallback}.
     */
    private static boolean flag(Boolean field, String option, boolean fallback, Map<String, String> options) {
        if (field != null) {
            options.remove(option);
            return field;
        }
        String value = options.get(option);
        if (value == null) {
            return fallback;
        }
        return GoBool.parse(value).orElseThrow(() ->
                JnetException.invalid("driver-opt \"" + option + "\" is not a valid bool"));
    }
}
