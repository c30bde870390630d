package dev.jnet.cli;

import dev.jnet.kernel.testing.HostBaseline;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.TestKernel;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The check the last test class of each run makes: the machine's own namespace is as the run found it. */
final class HostUntouched {
    private HostUntouched() {}

    static void assertUnchanged() {
        assumeTrue(TestKernel.isRoot(), TestKernel.NEEDS_ROOT);
        HostBaseline.Snapshot before = HostBaseline.atStart();
        assumeTrue(before != null, "no snapshot was taken before the run (the listener did not run)");
        HostBaseline.Snapshot after = HostBaseline.take();
        assertThat(after.links()).as("jnet's links (marked or named jnet*)").isEqualTo(before.links());
        assertThat(after.addresses()).as("addresses").isEqualTo(before.addresses());
        assertThat(after.routes()).as("routes").isEqualTo(before.routes());
        assertThat(after.nftTables()).as("nftables tables and rules marked jnet").isEqualTo(before.nftTables());
        assertThat(after.namedNamespaces()).as("named namespaces").isEqualTo(before.namedNamespaces());
        assertThat(Files.exists(NetnsExtension.RUN_DIR)).as("test run directory " + NetnsExtension.RUN_DIR).isFalse();
    }
}
