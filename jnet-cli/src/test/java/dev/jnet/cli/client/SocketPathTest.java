package dev.jnet.cli.client;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SocketPathTest {
    @Test
    void anOptionWinsOverJnetHostWhichWinsOverJnetSocketWhichWinsOverTheDefault() {
        Map<String, String> env = Map.of("JNET_SOCKET", "/tmp/env.sock", "JNET_HOST", "unix:///tmp/host.sock");
        assertThat(SocketPath.resolve(Path.of("/tmp/opt.sock"), null, env)).isEqualTo(Path.of("/tmp/opt.sock"));
        assertThat(SocketPath.resolve(null, Path.of("/tmp/h.sock"), env)).isEqualTo(Path.of("/tmp/h.sock"));
        assertThat(SocketPath.resolve(Path.of("/tmp/same"), Path.of("/tmp/same"), env)).isEqualTo(Path.of("/tmp/same"));
        assertThat(SocketPath.resolve(null, null, env)).isEqualTo(Path.of("/tmp/host.sock"));
        assertThat(SocketPath.resolve(null, null, Map.of("JNET_SOCKET", "/tmp/env.sock"))).isEqualTo(Path.of("/tmp/env.sock"));
        assertThat(SocketPath.resolve(null, null, Map.of())).isEqualTo(Path.of("/run/jnet/jnet.sock"));
        assertThat(SocketPath.resolve(null, null, Map.of("JNET_SOCKET", "", "JNET_HOST", " "))).isEqualTo(SocketPath.DEFAULT);
    }

    @Test
    void hostsAreUnixAddressesOrAbsolutePathsAndNothingElse() {
        assertThat(SocketPath.fromHost("unix:///run/jnet/jnet.sock")).isEqualTo(Path.of("/run/jnet/jnet.sock"));
        assertThat(SocketPath.fromHost("/tmp/x.sock")).isEqualTo(Path.of("/tmp/x.sock"));
        for (String bad : new String[] {"tcp://127.0.0.1:2375", "unix://relative.sock", "x.sock", "ssh://host", "fd://"}) {
            assertThatThrownBy(() -> SocketPath.fromHost(bad)).as(bad).hasMessage(
                    "jnet talks to jnetd over its Unix socket only: give unix:///PATH, not '" + bad + "'");
        }
        assertThatThrownBy(() -> SocketPath.resolve(Path.of("/a"), Path.of("/b"), Map.of()))
                .hasMessage("--socket /a and -H unix:///b name different sockets");
        assertThatThrownBy(() -> SocketPath.resolve(null, null, Map.of("JNET_HOST", "tcp://h:1")))
                .isInstanceOf(dev.jnet.error.JnetException.class)
                .hasMessage("JNET_HOST: jnet talks to jnetd over its Unix socket only: give unix:///PATH, not 'tcp://h:1'");
    }

    @Test
    void namesInPathsArePercentEncoded() {
        assertThat(PathSegment.encode("web-1_a.b~")).isEqualTo("web-1_a.b~");
        assertThat(PathSegment.encode("a/b c%")).isEqualTo("a%2Fb%20c%25");
        assertThat(PathSegment.encode("é")).isEqualTo("%C3%A9");
        assertThat(PathSegment.encode("..")).isEqualTo("%2E%2E");
    }
}
