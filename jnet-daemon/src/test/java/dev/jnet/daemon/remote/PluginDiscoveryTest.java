package dev.jnet.daemon.remote;

import dev.jnet.error.JnetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where a plugin is found, as dockerd looks: sockets first, then spec files, the first found winning. */
class PluginDiscoveryTest {
    @TempDir
    Path dir;

    private PluginDiscovery discovery() {
        return new PluginDiscovery(List.of(dir.resolve("run")), List.of(dir.resolve("etc"), dir.resolve("lib")));
    }

    private ServerSocketChannel socket(Path path) throws Exception {
        Files.createDirectories(path.getParent());
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(path));
        return channel;
    }

    @Test
    void aSocketWinsOverASpecFileAndASubdirectoryIsLookedIn() throws Exception {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/one.spec"), "tcp://127.0.0.1:9999\n");
        assertThat(discovery().find("one").orElseThrow().url()).contains(java.net.URI.create("http://127.0.0.1:9999"));
        try (var s = socket(dir.resolve("run/one/one.sock"))) {
            assertThat(discovery().find("one").orElseThrow().socket()).contains(dir.resolve("run/one/one.sock"));
        }
        assertThat(discovery().find("two")).isEmpty();
        assertThat(discovery().find("../etc/one")).as("no paths in names").isEmpty();
    }

    @Test
    void specFilesGiveAUnixSocketOrAnAddressWithTlsAndABadOneIsAClearError() throws Exception {
        Files.createDirectories(dir.resolve("lib/three"));
        Files.writeString(dir.resolve("lib/three/three.spec"), "unix:///run/elsewhere/three.sock");
        assertThat(discovery().find("three").orElseThrow().socket()).contains(Path.of("/run/elsewhere/three.sock"));
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/four.json"), """
                {"Name": "four", "Addr": "tcp://10.0.0.4:443", "TLSConfig": {"InsecureSkipVerify": true, "CAFile": "/ca.pem"}}""");
        PluginAddress four = discovery().find("four").orElseThrow();
        assertThat(four.url()).contains(java.net.URI.create("https://10.0.0.4:443"));
        assertThat(four.tls()).contains(new PluginAddress.Tls(true, Optional.of(Path.of("/ca.pem")), Optional.empty(), Optional.empty()));
        Files.writeString(dir.resolve("etc/five.spec"), "ftp://somewhere");
        assertThatThrownBy(() -> discovery().find("five")).isInstanceOf(JnetException.class)
                .hasMessageContaining("five.spec").hasMessageContaining("neither unix://");
        Files.writeString(dir.resolve("etc/six.json"), "{not json");
        assertThatThrownBy(() -> discovery().find("six")).hasMessageContaining("six.json is not JSON");
    }
}
