package dev.jnet.kernel.netlink;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MessageCodecTest {

    @Test
    void headerCarriesLengthTypeFlagsSequenceAndPort() {
        ByteBuffer m = new MessageBuilder(16, Netlink.NLM_F_CREATE).putInt(7).finish(42, 99);
        assertThat(m.remaining()).isEqualTo(20);
        assertThat(m.getInt(0)).isEqualTo(20);
        assertThat(m.getShort(4)).isEqualTo((short) 16);
        assertThat(m.getShort(6)).isEqualTo((short) (Netlink.NLM_F_CREATE | Netlink.NLM_F_REQUEST));
        assertThat(m.getInt(8)).isEqualTo(42);
        assertThat(m.getInt(12)).isEqualTo(99);
        assertThat(m.getInt(16)).isEqualTo(7);
    }

    @Test
    void attributesArePaddedToFourBytesAndStringsEndInNul() {
        ByteBuffer m = new MessageBuilder(16, 0).attrString(3, "br0").attrU8(7, 1).attrU32(4, 1400).finish(1, 0);
        // "br0\0" = 4 bytes + 4 header = 8; u8 = 5 padded to 8; u32 = 8.
        assertThat(m.remaining()).isEqualTo(16 + 8 + 8 + 8);
        assertThat(m.getShort(16)).isEqualTo((short) 8);
        assertThat(m.get(23)).isZero();
        assertThat(m.getShort(24)).isEqualTo((short) 5);
        assertThat(m.getShort(26)).isEqualTo((short) 7);
    }

    @Test
    void nestedAttributesCarryTheNestedFlagAndTheirWholeLength() {
        MessageBuilder b = new MessageBuilder(16, 0);
        int mark = b.beginNested(18);
        b.attrString(1, "vxlan");
        b.endNested(mark);
        ByteBuffer m = b.finish(1, 0);
        assertThat(Short.toUnsignedInt(m.getShort(18))).isEqualTo(18 | Netlink.NLA_F_NESTED);
        assertThat(m.getShort(16)).isEqualTo((short) (4 + 4 + 8)); // header + "vxlan\0" padded to 8 + its header
    }

    @Test
    void bigEndianPortsAreWrittenInNetworkOrder() {
        ByteBuffer m = new MessageBuilder(16, 0).attrU16BigEndian(15, 4789).finish(1, 0);
        assertThat(Byte.toUnsignedInt(m.get(20))).isEqualTo(0x12);
        assertThat(Byte.toUnsignedInt(m.get(21))).isEqualTo(0xb5);
    }

    @Test
    void aBuiltMessageParsesBackWithItsAttributes() throws Exception {
        MessageBuilder b = new MessageBuilder(20, 0).putInt(0).putInt(0)
                .attrString(3, "eth0").attrU32(4, 1500).attrAddress(1, InetAddress.getByName("10.1.2.3"));
        int mark = b.beginNested(18);
        b.attrU16(2, 77);
        b.endNested(mark);
        List<NlMessage> parsed = NlMessage.parseAll(b.finish(5, 0));

        assertThat(parsed).hasSize(1);
        NlMessage m = parsed.getFirst();
        assertThat(m.type()).isEqualTo(20);
        assertThat(m.sequence()).isEqualTo(5);
        Attributes a = m.attributes(8);
        assertThat(a.string(3)).contains("eth0");
        assertThat(a.u32(4).getAsInt()).isEqualTo(1500);
        assertThat(a.address(1)).contains(InetAddress.getByName("10.1.2.3"));
        assertThat(a.nested(18).orElseThrow().u16(2).getAsInt()).isEqualTo(77);
        assertThat(a.has(99)).isFalse();
    }

    @Test
    void aDatagramWithSeveralMessagesSplitsAndATruncatedTailIsDropped() {
        ByteBuffer one = new MessageBuilder(16, 0).putInt(1).finish(1, 0);
        ByteBuffer two = new MessageBuilder(16, 0).putInt(2).putShort(3).finish(2, 0); // 22 bytes, padded to 24
        ByteBuffer datagram = ByteBuffer.allocate(20 + 24 + 10).order(ByteOrder.nativeOrder());
        datagram.put(one).put(two).position(44);
        datagram.putInt(64).putShort((short) 16); // claims 64 bytes, only 10 present
        datagram.flip();
        List<NlMessage> parsed = NlMessage.parseAll(datagram);
        assertThat(parsed).extracting(NlMessage::sequence).containsExactly(1, 2);
        assertThat(parsed.get(1).payload().remaining()).isEqualTo(6);
    }

    @Test
    void anErrorMessageYieldsTheErrnoAndTheKernelsExtendedText() {
        // NLMSG_ERROR, flags CAPPED|ACK_TLVS: error -17, quoted header, then NLMSGERR_ATTR_MSG.
        ByteBuffer m = new MessageBuilder(Netlink.NLMSG_ERROR, Netlink.NLM_F_CAPPED | Netlink.NLM_F_ACK_TLVS)
                .putInt(-17).putInt(32).putShort(16).putShort(5).putInt(9).putInt(0)
                .attrString(Netlink.NLMSGERR_ATTR_MSG, "Device already exists")
                .finish(9, 0);
        NlMessage error = NlMessage.parseAll(m).getFirst();
        assertThat(error.errorCode()).isEqualTo(-17);
        assertThat(error.extendedMessage()).isEqualTo("Device already exists");
    }
}
