package dev.jnet.kernel.rtnl;

import dev.jnet.kernel.netlink.MessageBuilder;
import dev.jnet.kernel.netlink.NlMessage;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decoding link messages that this machine's kernel does not send: a link without an AF_INET6 part (a kernel
 * booted without IPv6), or with a short settings array. {@code LinksTest} checks the real kernel's answers.
 */
class LinkCodecTest {

    @Test
    void aLinkWithoutAnIpv6PartHasNoIpv6() {
        assertThat(decode(new byte[0]).ipv6()).isEqualTo(Link.Ipv6.NONE);
    }

    @Test
    void theIpv6SettingIsReadAtItsIndexInTheDeviceSettings() {
        assertThat(decode(conf(Rtnl.DEVCONF_DISABLE_IPV6 + 1, 1)).ipv6()).isEqualTo(Link.Ipv6.OFF);
        assertThat(decode(conf(Rtnl.DEVCONF_DISABLE_IPV6 + 1, 0)).ipv6()).isEqualTo(Link.Ipv6.ON);
        assertThat(decode(conf(Rtnl.DEVCONF_DISABLE_IPV6, 1)).ipv6()).as("too short to hold it").isEqualTo(Link.Ipv6.NONE);
    }

    /** An s32 array of {@code entries} settings, all 0 but disable_ipv6 (if it fits). */
    private static byte[] conf(int entries, int disableIpv6) {
        ByteBuffer b = ByteBuffer.allocate(4 * entries).order(ByteOrder.nativeOrder());
        if (entries > Rtnl.DEVCONF_DISABLE_IPV6) {
            b.putInt(4 * Rtnl.DEVCONF_DISABLE_IPV6, disableIpv6);
        }
        return b.array();
    }

    /** A RTM_NEWLINK for "eth0" with IFLA_AF_SPEC holding AF_INET6's IFLA_INET6_CONF, unless {@code conf} is empty. */
    private static Link decode(byte[] conf) {
        MessageBuilder m = LinkCodec.ifinfomsg(new MessageBuilder(Rtnl.RTM_NEWLINK, 0), 7, 0, 0)
                .attrString(Rtnl.IFLA_IFNAME, "eth0");
        if (conf.length > 0) {
            int spec = m.beginNested(Rtnl.IFLA_AF_SPEC);
            int inet6 = m.beginNested(Rtnl.AF_INET6);
            m.attr(Rtnl.IFLA_INET6_CONF, conf);
            m.endNested(inet6);
            m.endNested(spec);
        }
        NlMessage message = NlMessage.parseAll(m.finish(1, 0)).getFirst();
        return LinkCodec.decode(message);
    }
}
