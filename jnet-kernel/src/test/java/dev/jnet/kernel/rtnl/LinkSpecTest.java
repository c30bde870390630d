package dev.jnet.kernel.rtnl;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.net.IfName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the link specs refuse before anything reaches the kernel, and the kernel values they carry. */
class LinkSpecTest {
    private static final NetNs SANDBOX = new NetNs("sb1", Path.of("/run/jnet/netns/sb1"));
    private static final IfName ETH0 = IfName.of("eth0");
    private static final IfName UP0 = IfName.of("up0");
    private static final LinkOptions ALIAS = LinkOptions.DEFAULTS.withAlias("jnet:endpoint:abc");

    @Test
    void aLinkMadeInAnotherNamespaceCannotGetItsAliasAsItIsCreated() {
        assertRefusedAlias(() -> new LinkSpec.Macvlan(ETH0, UP0, LinkSpec.MacvlanMode.BRIDGE, ALIAS).in(SANDBOX));
        assertRefusedAlias(() -> new LinkSpec.Ipvlan(ETH0, UP0, LinkSpec.IpvlanMode.L2, ALIAS).in(SANDBOX));
        assertRefusedAlias(() -> new LinkSpec.Vlan(ETH0, UP0, 42, ALIAS).in(SANDBOX));
    }

    @Test
    void aLinkMadeInAnotherNamespaceMayBeBroughtUpAsItIsCreated() {
        LinkOptions up = LinkOptions.DEFAULTS.withUp(true);
        assertThat(new LinkSpec.Macvlan(ETH0, UP0, LinkSpec.MacvlanMode.BRIDGE, up).in(SANDBOX).namespace())
                .contains(SANDBOX);
    }

    @Test
    void theOldConstructorsMakeLinksInTheSendersNamespaceAndIpvlanBridges() {
        assertThat(new LinkSpec.Macvlan(ETH0, UP0, LinkSpec.MacvlanMode.VEPA, LinkOptions.DEFAULTS).namespace())
                .isEmpty();
        assertThat(new LinkSpec.Vlan(ETH0, UP0, 42, LinkOptions.DEFAULTS).namespace()).isEmpty();
        assertThat(new LinkSpec.Bridge(ETH0).namespace()).isEmpty();
        LinkSpec.Ipvlan ipvlan = new LinkSpec.Ipvlan(ETH0, UP0, LinkSpec.IpvlanMode.L3, LinkOptions.DEFAULTS);
        assertThat(ipvlan.flag()).isEqualTo(LinkSpec.IpvlanFlag.BRIDGE);
        assertThat(ipvlan.namespace()).isEmpty();
        assertThat(ipvlan.in(SANDBOX)).isEqualTo(new LinkSpec.Ipvlan(ETH0, UP0, LinkSpec.IpvlanMode.L3,
                LinkSpec.IpvlanFlag.BRIDGE, Optional.of(SANDBOX), LinkOptions.DEFAULTS));
    }

    @Test
    void theEnumsCarryTheKernelsValues() {
        assertThat(LinkSpec.IpvlanFlag.values()).extracting(LinkSpec.IpvlanFlag::value).containsExactly(0, 1, 2);
        assertThat(LinkSpec.IpvlanMode.values()).extracting(LinkSpec.IpvlanMode::value).containsExactly(0, 1, 2);
        assertThat(LinkSpec.MacvlanMode.values()).extracting(LinkSpec.MacvlanMode::value)
                .containsExactly(1, 2, 4, 8, 16);
    }

    private static void assertRefusedAlias(org.assertj.core.api.ThrowableAssert.ThrowingCallable make) {
        assertThatThrownBy(make).isInstanceOfSatisfying(JnetException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
            assertThat(e.getMessage()).contains("eth0").contains("namespace sb1").contains("alias");
        });
    }
}
