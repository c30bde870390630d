package dev.jnet.core.controller;

import dev.jnet.core.model.PortBinding;
import dev.jnet.core.model.PortRequest;
import dev.jnet.net.Cidr;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortAllocatorTest {
    private static final InetAddress ANY = Cidr.parseAddress("0.0.0.0");
    private final PortAllocator ports = new PortAllocator(40000, 40002);

    private List<String> reserve(String... specs) {
        return ports.reserve(List.of(specs).stream().map(PortRequest::parse).toList(), ANY, HostPortProbe.NONE)
                .stream().map(PortBinding::toString).toList();
    }

    @Test
    void everyAddressOverlapsOneAddressButTwoAddressesDoNot() {
        reserve("127.0.0.1:8080:80");
        assertThat(reserve("127.0.0.2:8080:80")).containsExactly("127.0.0.2:8080->80/tcp");
        assertThatThrownBy(() -> reserve("8080:80")).hasMessageContaining("0.0.0.0:8080/tcp is already published");
        assertThat(reserve("8080:80/udp")).containsExactly("0.0.0.0:8080->80/udp");
    }

    @Test
    void aFailedRequestHoldsNothingAndReleasedPortsAreFreeAgain() {
        List<PortBinding> first = ports.reserve(List.of(PortRequest.parse("8080:80")), ANY, HostPortProbe.NONE);
        assertThatThrownBy(() -> reserve("9090:90", "8080:80")).hasMessageContaining("8080");
        assertThat(reserve("9090:90")).as("9090 was given back").hasSize(1);
        ports.release(first);
        assertThat(reserve("8080:80")).hasSize(1);
    }

    @Test
    void aHostRangeGivesItsLowestFreePortAndNoHostPortTheEphemeralRange() {
        assertThat(reserve("8000-8002:80", "8000-8002:80")).containsExactly("0.0.0.0:8000->80/tcp", "0.0.0.0:8001->80/tcp");
        assertThat(reserve("1", "2", "3")).extracting(s -> s.substring(8, 13)).containsExactlyInAnyOrder("40000", "40001", "40002");
        assertThatThrownBy(() -> reserve("4")).hasMessageContaining("no free host port for tcp on 0.0.0.0 in 40000-40002");
    }

    @Test
    void portsAProcessHoldsAreSkippedOrRefused() {
        HostPortProbe held = (protocol, address, port) -> port == 8000 || port == 40000;
        assertThat(ports.reserve(List.of(PortRequest.parse("8000-8001:80")), ANY, held)).extracting(PortBinding::hostPort)
                .containsExactly(8001);
        assertThatThrownBy(() -> ports.reserve(List.of(PortRequest.parse("8000:80")), ANY, held))
                .hasMessageContaining("in use by a process on the host");
    }
}
