package dev.jnet.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NftMapsTest {
    /** Trimmed from {@code nft -j list table inet jnet} with one network and two published ports. */
    private static final String LISTING = """
            {"nftables": [{"metainfo": {"version": "1.0.6", "json_schema_version": 1}},
             {"table": {"family": "inet", "name": "jnet", "handle": 1}},
             {"set": {"family": "inet", "name": "bridges", "table": "jnet", "type": "ifname", "elem": ["br-ports"]}},
             {"map": {"family": "inet", "name": "egress", "table": "jnet", "type": "ifname", "map": "verdict",
                      "elem": [["br-ports", {"jump": {"target": "out-br-ports"}}]]}},
             {"map": {"family": "inet", "name": "ports4", "table": "jnet", "type": ["inet_proto", "inet_service"],
                      "map": "ipv4_addr . inet_service",
                      "elem": [[{"concat": ["tcp", 40000]}, {"concat": ["10.88.0.2", 1000]}],
                               [{"concat": ["tcp", 40001]}, {"concat": ["10.88.0.2", 1001]}]]}},
             {"map": {"family": "inet", "name": "addrports4", "table": "jnet",
                      "type": ["ipv4_addr", "inet_proto", "inet_service"], "map": "ipv4_addr . inet_service"}},
             {"chain": {"family": "inet", "table": "jnet", "name": "user", "handle": 2}}]}
            """;

    @Test
    void mapElementsReadAsNftWritesThem() {
        NftMaps maps = NftMaps.parse(LISTING);
        assertThat(maps.elements().get(NftMaps.PORTS))
                .containsExactly("tcp . 40000 : 10.88.0.2 . 1000", "tcp . 40001 : 10.88.0.2 . 1001");
        assertThat(maps.elements().get("egress")).containsExactly("br-ports : jump target out-br-ports");
    }

    @Test
    void countsEveryMapAndSetAndZeroForAnEmptyOrAbsentOne() {
        NftMaps maps = NftMaps.parse(LISTING);
        assertThat(maps.size(NftMaps.PORTS)).isEqualTo(2);
        assertThat(maps.size(NftMaps.ADDRESS_PORTS)).isZero();
        assertThat(maps.size("no-such-map")).isZero();
        assertThat(maps.summary()).isEqualTo("bridges 1, egress 1, ports4 2, addrports4 0");
    }

    @Test
    void missingNamesTheElementsTheMapLacks() {
        NftMaps maps = NftMaps.parse(LISTING);
        PortBlock block = new PortBlock(40000, 1000, 3);
        List<String> wanted = List.of(block.nftElement(0, "10.88.0.2"), block.nftElement(1, "10.88.0.2"),
                block.nftElement(2, "10.88.0.2"));
        assertThat(maps.missing(NftMaps.PORTS, wanted)).containsExactly("tcp . 40002 : 10.88.0.2 . 1002");
    }
}
