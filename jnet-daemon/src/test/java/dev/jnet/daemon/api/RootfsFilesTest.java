package dev.jnet.daemon.api;

import dev.jnet.core.controller.SandboxFiles;
import dev.jnet.core.model.SandboxId;
import dev.jnet.error.JnetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The container's hosts and resolv.conf go into its root file system, and nowhere else. */
class RootfsFilesTest {
    @TempDir
    Path dir;

    private SandboxFiles files(SandboxId id) throws IOException {
        Path state = dir.resolve("state");
        SandboxFiles files = new SandboxFiles(state, dir.resolve("host-resolv.conf"));
        Files.createDirectories(files.hostsPath(id).getParent());
        Files.writeString(files.hostsPath(id), "10.0.0.2 box\n");
        Files.writeString(files.resolvConfPath(id), "nameserver 127.0.0.11\n");
        return files;
    }

    private Path bundle() throws IOException {
        Path bundle = Files.createDirectories(dir.resolve("bundle"));
        Files.writeString(bundle.resolve("config.json"), "{\"root\": {\"path\": \"rootfs\"}, \"mounts\": []}");
        Files.createDirectories(bundle.resolve("rootfs"));
        return bundle;
    }

    @Test
    void theFilesAreWrittenNewSoThatAHardLinkedOriginalElsewhereStaysAsItWas() throws IOException {
        SandboxId id = SandboxId.random();
        Path bundle = bundle();
        Path etc = Files.createDirectories(bundle.resolve("rootfs/etc"));
        Path outside = Files.writeString(dir.resolve("host-hosts"), "127.0.0.1 localhost\n");
        Files.createLink(etc.resolve("hosts"), outside);

        RootfsFiles.copy(bundle, files(id), id);

        assertThat(Files.readString(etc.resolve("hosts"))).isEqualTo("10.0.0.2 box\n");
        assertThat(Files.readString(etc.resolve("resolv.conf"))).isEqualTo("nameserver 127.0.0.11\n");
        assertThat(Files.readString(outside)).isEqualTo("127.0.0.1 localhost\n");
    }

    @Test
    void anEtcThatIsALinkIsRefusedAndItsTargetUntouched() throws IOException {
        SandboxId id = SandboxId.random();
        Path bundle = bundle();
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(bundle.resolve("rootfs/etc"), elsewhere);

        assertThatThrownBy(() -> RootfsFiles.copy(bundle, files(id), id)).isInstanceOf(JnetException.class)
                .hasMessageContaining("must be a real directory, not a link");
        try (var left = Files.list(elsewhere)) {
            assertThat(left).isEmpty();
        }
    }
}
