package dev.jnet.bench;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortBlockTest {
    @Test
    void singleSpecsPublishOnePortEach() {
        assertThat(new PortBlock(40000, 1000, 3).singleSpecs())
                .containsExactly("40000:1000/tcp", "40001:1001/tcp", "40002:1002/tcp");
    }

    @Test
    void rangeSpecPublishesTheWholeBlockPairwise() {
        assertThat(new PortBlock(20200, 1000, 200).rangeSpec()).containsExactly("20200-20399:1000-1199/tcp");
        assertThat(new PortBlock(20200, 1000, 0).rangeSpec()).isEmpty();
    }

    @Test
    void portsPastTheLastOneAreRefused() {
        assertThatThrownBy(() -> new PortBlock(65_500, 1000, 200)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void connectBodyListsTheSpecsOnlyWhenThereAreAny() {
        assertThat(PublishedPorts.connectBody("sb", new PortBlock(40000, 80, 1).singleSpecs()))
                .isEqualTo("{\"sandbox\":\"sb\",\"ports\":[\"40000:80/tcp\"]}");
        assertThat(PublishedPorts.connectBody("sb", new PortBlock(40000, 80, 0).singleSpecs()))
                .isEqualTo("{\"sandbox\":\"sb\"}");
    }

    @Test
    void theEndpointsPortsMatchTheBlocksExpectedBindingsInAnyOrder() {
        var endpoint = JsonMapper.builder().build().readTree("""
                {"ports": [{"protocol": "tcp", "containerPort": 1001, "hostIp": "0.0.0.0", "hostPort": 40001},
                           {"protocol": "tcp", "containerPort": 1000, "hostIp": "0.0.0.0", "hostPort": 40000}]}""");
        assertThat(PublishedPorts.bindings(endpoint)).isEqualTo(new PortBlock(40000, 1000, 2).expectedBindings())
                .containsExactly("0.0.0.0:40000->1000/tcp", "0.0.0.0:40001->1001/tcp");
    }
}
