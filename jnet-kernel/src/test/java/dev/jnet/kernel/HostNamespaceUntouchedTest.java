package dev.jnet.kernel;

import dev.jnet.kernel.testing.HostBaseline;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.TestKernel;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs after every other test class: the suite must leave the machine's own namespace as it found it. */
@Order(Integer.MAX_VALUE)
class HostNamespaceUntouchedTest {

    @Test
    void theSuiteLeftNoLinksAddressesRoutesTablesOrNamespacesInTheHostNamespace() {
        assumeTrue(TestKernel.isRoot(), TestKernel.NEEDS_ROOT);
        HostBaseline.Snapshot before = HostBaseline.atStart();
        assumeTrue(before != null, "no snapshot was taken before the suite (the listener did not run)");
        HostBaseline.Snapshot after = HostBaseline.take();
        assertThat(after.links()).as("links").isEqualTo(before.links());
        assertThat(after.addresses()).as("addresses").isEqualTo(before.addresses());
        assertThat(after.routes()).as("routes").isEqualTo(before.routes());
        assertThat(after.nftTables()).as("nftables tables").isEqualTo(before.nftTables());
        assertThat(after.namedNamespaces()).as("named namespaces").isEqualTo(before.namedNamespaces());
        assertThat(after.sysctls()).as("forwarding sysctls").isEqualTo(before.sysctls());
        assertThat(after.ownMounts()).as("mounts under " + NetnsExtension.RUN_DIR).isEmpty();
        assertThat(NetnsExtension.manager().list()).as("test namespaces").isEmpty();
        assertThat(Files.exists(NetnsExtension.RUN_DIR)).as("test run directory " + NetnsExtension.RUN_DIR).isFalse();
    }
}
