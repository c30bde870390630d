package dev.jnet.daemon.api;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldsTest {

    @Test
    void theProcessOwnNamespaceIsShownAsJnetdsProcPathOthersAsTheyAre() {
        long pid = ProcessHandle.current().pid();
        assertThat(Fields.namespace(Path.of("/proc/self/ns/net"))).isEqualTo("/proc/" + pid + "/ns/net");
        assertThat(Fields.namespace(Path.of("/run/jnet/netns/5e1a2b3c4d5e"))).isEqualTo("/run/jnet/netns/5e1a2b3c4d5e");
    }

    @Test
    void hostNamesAreLabelsOfLettersDigitsHyphensAndUnderscores() {
        assertThat(Fields.hostName("h", "db.local")).isEqualTo("db.local");
        assertThat(Fields.hostName("h", "my_host-1.example.com.")).isEqualTo("my_host-1.example.com.");
        for (String bad : new String[] {"", "-db", "a..b", "a b", "evil\nhost", "x".repeat(64), "a.".repeat(127) + "ab"}) {
            assertThatThrownBy(() -> Fields.hostName("hostname", bad)).as(bad).isInstanceOfSatisfying(JnetException.class,
                    e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID));
        }
    }

    @Test
    void aFieldThatDoesNotParseIsNamedInTheMessage() {
        assertThatThrownBy(() -> Fields.address("ipv4", "10.0.0.256")).hasMessageStartingWith("ipv4: ");
        assertThatThrownBy(() -> Fields.cidr("ipv4[1].subnet", "10.0.0.0/33")).hasMessageStartingWith("ipv4[1].subnet: ");
        assertThat(Fields.address("ipv4", null)).isEmpty();
    }

    @Test
    void extraHostsSplitAtTheFirstColonSoIpv6AddressesWork() {
        assertThat(ExtraHostJson.of(ExtraHostJson.parse("e", "v6.local:2001:db8::9")))
                .isEqualTo(new ExtraHostJson("v6.local", "2001:db8::9"));
        assertThatThrownBy(() -> ExtraHostJson.parse("extraHosts[0]", "db.local:")).hasMessageContaining("NAME:ADDRESS");
    }
}
