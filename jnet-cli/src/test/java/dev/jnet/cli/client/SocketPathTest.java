package dev.jnet.cli.client;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SocketPathTest {
    @Test
    void theOptionWinsOverTheEnvironmentWhichWinsOverTheDefault() {
        Map<String, String> env = Map.of("JNET_SOCKET", "/tmp/env.sock");
        assertThat(SocketPath.resolve(Path.of("/tmp/opt.sock"), env)).isEqualTo(Path.of("/tmp/opt.sock"));
        assertThat(SocketPath.resolve(null, env)).isEqualTo(Path.of("/tmp/env.sock"));
        assertThat(SocketPath.resolve(null, Map.of())).isEqualTo(Path.of("/run/jnet/jnet.sock"));
        assertThat(SocketPath.resolve(null, Map.of("JNET_SOCKET", ""))).isEqualTo(SocketPath.DEFAULT);
    }

    @Test
    void namesInPathsArePercentEncoded() {
        assertThat(PathSegment.encode("web-1_a.b~")).isEqualTo("web-1_a.b~");
        assertThat(PathSegment.encode("a/b c%")).isEqualTo("a%2Fb%20c%25");
        assertThat(PathSegment.encode("é")).isEqualTo("%C3%A9");
        assertThat(PathSegment.encode("..")).isEqualTo("%2E%2E");
    }
}
