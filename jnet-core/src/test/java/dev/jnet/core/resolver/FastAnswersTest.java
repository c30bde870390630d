package dev.jnet.core.resolver;

import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.SandboxId;
import dev.jnet.net.Cidr;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The wire-format fast path agrees with dnsjava, and leaves everything unusual to the general path. */
class FastAnswersTest {
    private static final NetworkId NET = NetworkId.random();
    private static final SandboxId ME = SandboxId.random();
    private static final SandboxId WEB = SandboxId.random();
    private static final NameTable TABLE = new NameTable(List.of(
            new NameTable.Entry(NET, "n", ME, List.of("me"), List.of(Cidr.parseAddress("10.0.0.2"))),
            new NameTable.Entry(NET, "n", WEB, List.of("web", "svc"),
                    List.of(Cidr.parseAddress("10.0.0.3"), Cidr.parseAddress("fd00::3")))), Map.of());
    private final LocalAnswers local = new LocalAnswers();

    private static byte[] query(String name, int type, boolean edns) throws Exception {
        Message m = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        if (edns) {
            m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        }
        return m.toWire();
    }

    private Optional<Message> fast(byte[] query) throws Exception {
        Optional<byte[]> answer = FastAnswers.answer(query, ME, TABLE, local);
        return answer.isEmpty() ? Optional.empty() : Optional.of(new Message(answer.get()));
    }

    @Test
    void anAQuestionGetsTheSameAnswerAsTheGeneralPath() throws Exception {
        for (boolean edns : new boolean[] {false, true}) {
            byte[] q = query("WeB.", Type.A, edns);
            Message m = fast(q).orElseThrow();

            assertThat(m.getHeader().getID()).isEqualTo(new Message(q).getHeader().getID());
            assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
            assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
            assertThat(m.getHeader().getFlag(Flags.RD)).isTrue();
            assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(m.getQuestion().getName().toString()).as("the question echoed as asked").isEqualTo("WeB.");
            assertThat(m.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("10.0.0.3");
            assertThat(m.getSection(Section.ANSWER).getFirst().getTTL()).isEqualTo(600);
        }
    }

    @Test
    void aaaaAndNodataAndRotation() throws Exception {
        assertThat(fast(query("svc.", Type.AAAA, false)).orElseThrow().getSection(Section.ANSWER))
                .extracting(Record::rdataToString).containsExactly("fd00:0:0:0:0:0:0:3");
        Message nodata = fast(query("me.", Type.AAAA, false)).orElseThrow();
        assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void unknownNamesOtherTypesAndOddQueriesTakeTheGeneralPath() throws Exception {
        assertThat(fast(query("nosuch.", Type.A, false))).isEmpty();
        assertThat(fast(query("web.", Type.MX, false))).isEmpty();
        assertThat(fast(query("web.", Type.PTR, false))).isEmpty();
        byte[] cut = java.util.Arrays.copyOf(query("web.", Type.A, false), 15);
        assertThat(fast(cut)).isEmpty();
        byte[] response = query("web.", Type.A, false);
        response[2] |= (byte) 0x80;
        assertThat(fast(response)).isEmpty();
    }
}
