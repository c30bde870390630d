package dev.jnet.daemon.plugin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * The bodies of dockerd's remote network driver and IPAM driver calls, with dockerd's field names. Requests ignore fields a newer
 * dockerd may add; answers leave out what is not set.
 */
final class PluginJson {
    private PluginJson() {}

    record Activated(List<String> Implements) {}

    record Capabilities(String Scope, String ConnectivityScope) {}

    /** One subnet of a network, as dockerd's IPAM chose it: {@code Pool} and {@code Gateway} in CIDR form. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record IpamData(String AddressSpace, String Pool, String Gateway, Map<String, String> AuxAddresses) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreateNetwork(String NetworkID, Map<String, Object> Options, List<IpamData> IPv4Data, List<IpamData> IPv6Data) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record NetworkRef(String NetworkID) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Interface(String Address, String AddressIPv6, String MacAddress) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreateEndpoint(String NetworkID, String EndpointID, Interface Interface, Map<String, Object> Options) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record EndpointRef(String NetworkID, String EndpointID) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Join(String NetworkID, String EndpointID, String SandboxKey, Map<String, Object> Options) {}

    record InterfaceName(String SrcName, String DstPrefix) {}

    /** {@code RouteType} 0 is through {@code NextHop}, 1 is connected. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record StaticRoute(String Destination, int RouteType, String NextHop) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Joined(InterfaceName InterfaceName, String Gateway, String GatewayIPv6, List<StaticRoute> StaticRoutes,
                  boolean DisableGatewayService) {}

    record OperInfo(Map<String, Object> Value) {}

    record IpamCapabilities(boolean RequiresMACAddress, boolean RequiresRequestReplay) {}

    record AddressSpaces(String LocalDefaultAddressSpace, String GlobalDefaultAddressSpace) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RequestPool(String AddressSpace, String Pool, String SubPool, Map<String, String> Options, boolean V6) {}

    record Pool(String PoolID, String Pool, Map<String, String> Data) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PoolRef(String PoolID) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RequestAddress(String PoolID, String Address, Map<String, String> Options) {}

    record Address(String Address, Map<String, String> Data) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ReleaseAddress(String PoolID, String Address) {}
}
