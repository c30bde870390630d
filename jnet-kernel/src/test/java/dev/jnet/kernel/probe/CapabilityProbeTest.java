package dev.jnet.kernel.probe;

import dev.jnet.kernel.testing.HostBaseline;
import dev.jnet.kernel.testing.TestKernel;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CapabilityProbeTest {

    @Test
    void reportsEveryFeatureInOrderWithWhatItFound() {
        assumeTrue(TestKernel.isRoot(), TestKernel.NEEDS_ROOT);
        CapabilityReport report = CapabilityProbe.run();

        assertThat(report.capabilities()).extracting(Capability::name).containsExactlyElementsOf(CapabilityProbe.FEATURES);
        assertThat(report.kernelRelease()).isEqualTo(System.getProperty("os.version"));
        // jnet cannot work at all without these; every machine of ours has them.
        assertThat(report.has("netns")).isTrue();
        assertThat(report.has("veth")).isTrue();
        assertThat(report.has("bridge")).isTrue();
        assertThat(report.has("nftables")).as(report.find("nftables").orElseThrow().detail()).isTrue();
        for (Capability c : report.capabilities()) {
            assertThat(c.detail()).isNotBlank();
            if (!c.available()) {
                assertThat(c.detail()).as(c.name()).startsWith("this kernel lacks " + c.name());
            }
        }
    }

    @Test
    @ExtendWith(NetnsExtension.class)
    void agreesWithIpAboutWhichLinkKindsTheKernelCanCreate(ThrowawayNs observer) {
        CapabilityReport report = CapabilityProbe.run();
        observer.exec("ip", "link", "add", "p0", "type", "veth", "peer", "name", "p1");
        Map<String, String[]> ipCommands = Map.of(
                "bridge", new String[] {"ip", "link", "add", "b0", "type", "bridge"},
                "vxlan", new String[] {"ip", "link", "add", "x0", "type", "vxlan", "id", "7", "dstport", "4789"},
                "macvlan", new String[] {"ip", "link", "add", "m0", "link", "p0", "type", "macvlan"},
                "ipvlan", new String[] {"ip", "link", "add", "i0", "link", "p0", "type", "ipvlan"},
                "802.1q vlan", new String[] {"ip", "link", "add", "v0", "link", "p0", "type", "vlan", "id", "5"});
        ipCommands.forEach((feature, command) -> assertThat(report.has(feature))
                .as(feature + ": probe says " + report.find(feature).orElseThrow().detail())
                .isEqualTo(observer.exec(command).exitCode() == 0));
    }

    @Test
    void leavesNothingBehindInTheHostNamespace() {
        assumeTrue(TestKernel.isRoot(), TestKernel.NEEDS_ROOT);
        HostBaseline.Snapshot before = HostBaseline.take();
        java.util.Set<String> linksBefore = HostBaseline.allLinkNames();
        CapabilityProbe.run();
        assertThat(HostBaseline.take()).isEqualTo(before);
        // The probe's own links (p0, probe1, ...) are not jnet-marked: every link name counts here.
        assertThat(HostBaseline.allLinkNames()).isEqualTo(linksBefore);
    }
}
