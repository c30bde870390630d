package dev.jnet.core.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Docker's {@code -p} syntax, edge cases included. */
class PortRequestTest {
    private static String parsed(String spec) {
        PortRequest r = PortRequest.parse(spec);
        return r.hostIp().map(a -> dev.jnet.net.IpFormat.format(a) + " ").orElse("") + r.hostFirst() + "-" + r.hostLast()
                + ":" + r.containerFirst() + "-" + r.containerLast() + "/" + r.protocol();
    }

    @Test
    void theFormsDockerAccepts() {
        assertThat(parsed("80")).isEqualTo("0-0:80-80/tcp");
        assertThat(parsed("8080:80")).isEqualTo("8080-8080:80-80/tcp");
        assertThat(parsed("8080:80/TCP")).as("protocol in any case").isEqualTo("8080-8080:80-80/tcp");
        assertThat(parsed("80/")).as("empty protocol: tcp").isEqualTo("0-0:80-80/tcp");
        assertThat(parsed("0:80")).as("host port 0: any").isEqualTo("0-0:80-80/tcp");
        assertThat(parsed(":80")).isEqualTo("0-0:80-80/tcp");
        assertThat(parsed("127.0.0.1::53/udp")).isEqualTo("127.0.0.1 0-0:53-53/udp");
        assertThat(parsed("9000-9002:7000-7002/sctp")).isEqualTo("9000-9002:7000-7002/sctp");
        assertThat(parsed("8000-8100:80")).isEqualTo("8000-8100:80-80/tcp");
        assertThat(parsed("[::1]:80:80")).isEqualTo("::1 80-80:80-80/tcp");
        assertThat(parsed("::1:80:80")).as("IPv6 without brackets").isEqualTo("::1 80-80:80-80/tcp");
        assertThat(parsed(" 8080:80 ")).isEqualTo("8080-8080:80-80/tcp");
    }

    @Test
    void whatIsWrongIsNamed() {
        assertThatThrownBy(() -> PortRequest.parse("8080:80/icmp")).hasMessageContaining("unknown protocol 'icmp'");
        assertThatThrownBy(() -> PortRequest.parse("0")).hasMessageContaining("container port 0 is outside 1-65535");
        assertThatThrownBy(() -> PortRequest.parse("8080:80-82")).hasMessageContaining("different lengths");
        assertThatThrownBy(() -> PortRequest.parse("[fe80::1%eth0]:80:80")).hasMessageContaining("scoped address");
        assertThatThrownBy(() -> PortRequest.parse("[::1]80:80")).hasMessageContaining("followed by ':'");
        assertThatThrownBy(() -> PortRequest.parse("90-80")).hasMessageContaining("must not end before it starts");
        assertThatThrownBy(() -> PortRequest.parse("x:80")).hasMessageContaining("host port 'x' is not a number");
    }
}
