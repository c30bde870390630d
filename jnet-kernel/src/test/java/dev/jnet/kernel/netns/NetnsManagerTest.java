package dev.jnet.kernel.netns;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(NetnsExtension.class)
class NetnsManagerTest {
    private NetnsManager manager;

    @BeforeEach
    void setUp() {
        manager = new NetnsManager(NetnsExtension.RUN_DIR.resolve("managed"));
    }

    @AfterEach
    void removeWhatTheTestMade() {
        manager.list().forEach(manager::delete);
        manager.releaseDirectory();
    }

    private static long inode(Path path) throws Exception {
        return (Long) Files.getAttribute(path, "unix:ino");
    }

    @Test
    void createsAFreshNamespaceHoldingOnlyADownLoopback() throws Exception {
        NetNs ns = manager.create("alpha");

        assertThat(manager.list()).containsExactly("alpha");
        assertThat(inode(ns.path())).isNotEqualTo(inode(Path.of("/proc/self/ns/net")));
        String links = Command.check("nsenter", "--net=" + ns.path(), "ip", "-o", "link", "show");
        assertThat(links.lines()).hasSize(1).allMatch(l -> l.contains(": lo:") && l.contains("state DOWN"));
        assertThat(Command.check("stat", "-f", "-c", "%T", ns.path().toString()).strip()).isEqualTo("nsfs");
    }

    @Test
    void creatingAnExistingNameIsAConflictThatKeepsTheFirstNamespace() throws Exception {
        NetNs first = manager.create("alpha");
        long before = inode(first.path());

        assertThatThrownBy(() -> manager.create("alpha"))
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
                .hasMessageContaining("alpha").hasMessageContaining("already exists");
        assertThat(inode(first.path())).isEqualTo(before);
    }

    @Test
    void deleteUnmountsAndRemovesTheFile() {
        NetNs ns = manager.create("alpha");
        manager.delete("alpha");

        assertThat(ns.path()).doesNotExist();
        assertThat(manager.list()).isEmpty();
        assertThat(Command.check("cat", "/proc/self/mountinfo")).doesNotContain(ns.path().toString());
        assertThatThrownBy(() -> manager.open("alpha"))
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void deletingAMissingNamespaceIsNotFound() {
        assertThatThrownBy(() -> manager.delete("ghost"))
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessageContaining("ghost");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../escape", "a/b", ".hidden", "with space", "x12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678"})
    void badNamesAreRejectedBeforeAnythingIsMade(String name) {
        assertThatThrownBy(() -> manager.create(name))
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID));
        assertThat(manager.directory()).doesNotExist();
    }

    @Test
    void namespacesMadeLaterAppearInAMountNamespaceCopiedEarlier() throws Exception {
        manager.create("first"); // sets the directory up as a shared mount
        Process other = new ProcessBuilder("unshare", "--mount", "--propagation", "unchanged", "sleep", "60").start();
        try {
            waitForOwnMountNamespace(other.pid());
            NetNs later = manager.create("later");
            String seen = Command.check("nsenter", "-t", Long.toString(other.pid()), "-m",
                    "stat", "-f", "-c", "%T", later.path().toString());
            assertThat(seen.strip()).as("the bind mount propagated into the other mount namespace").isEqualTo("nsfs");
        } finally {
            other.destroy();
            other.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void waitForOwnMountNamespace(long pid) throws Exception {
        Path own = Path.of("/proc/self/ns/mnt");
        Path theirs = Path.of("/proc/" + pid + "/ns/mnt");
        for (int i = 0; i < 200 && Files.readSymbolicLink(theirs).equals(Files.readSymbolicLink(own)); i++) {
            Thread.sleep(10);
        }
    }

    @Test
    void openPathAcceptsNetworkNamespaceFilesAndRejectsOthers() {
        assertThat(NetnsManager.openPath(Path.of("/proc/self/ns/net")).path()).isEqualTo(Path.of("/proc/self/ns/net"));
        assertThatThrownBy(() -> NetnsManager.openPath(Path.of("/proc/self/ns/mnt")))
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID))
                .hasMessageContaining("not a network namespace");
        assertThatThrownBy(() -> NetnsManager.openPath(Path.of("/etc/hostname")))
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID));
        assertThatThrownBy(() -> NetnsManager.openPath(Path.of("/nonexistent/ns")))
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void anEmptyFileLeftByACrashIsNotANamespaceAndItsNameCanBeTakenAgain() throws Exception {
        manager.create("first"); // makes the directory
        Files.createFile(manager.directory().resolve("stale"));

        assertThat(manager.find("stale")).isEmpty();
        NetNs fresh = manager.create("stale");
        assertThat(Command.check("stat", "-f", "-c", "%T", fresh.path().toString()).strip()).isEqualTo("nsfs");
    }
}
