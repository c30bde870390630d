package dev.jnet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input is a usage error (exit 2) with a message that says what is wrong, before jnetd is asked anything. */
class ArgumentsTest {
    @Test
    void keyValueSplitsAtTheFirstEquals() {
        assertThat(KeyValue.parse("a=b=c")).isEqualTo(new KeyValue("a", "b=c"));
        assertThat(KeyValue.parse("a=")).isEqualTo(new KeyValue("a", ""));
        assertThat(KeyValue.parseLabel("temp")).isEqualTo(new KeyValue("temp", ""));
        assertThatThrownBy(() -> KeyValue.parse("a")).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessage("'a' is not KEY=VALUE");
        assertThatThrownBy(() -> KeyValue.parse("=b")).hasMessage("'=b' has an empty key; expected KEY=VALUE");
        assertThatThrownBy(() -> KeyValue.parseLabel("")).hasMessage("'' is not KEY=VALUE");
    }

    @Test
    void aKeyGivenTwiceTakesTheLaterValueAndKeysKeepTheirOrder() {
        Map<String, String> map = KeyValue.toMap(List.of(new KeyValue("z", "1"), new KeyValue("a", "2"), new KeyValue("z", "3")));
        assertThat(map).containsExactly(Map.entry("z", "3"), Map.entry("a", "2"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "network create --subnet 10.1.0.0 web | '10.1.0.0' is not a CIDR (ADDRESS/PREFIX, such as 10.1.0.0/24)",
        "network create --subnet 10.1.0.0/33 web | prefix length /33 is out of range for 10.1.0.0 (0 to 32)",
        "network create --subnet 10.1/16 web | '10.1/16' is not a valid IP address or CIDR",
        "network create --gateway example.com --subnet 10.1.0.0/24 web | Invalid value for option '--gateway' (IP): 'example.com' is not an IP address",
        "network create --gateway 10.2.0.1 --subnet 10.1.0.0/24 web | no --subnet contains --gateway 10.2.0.1 (subnets: 10.1.0.0/24)",
        "network create --aux-address router web | Invalid value for option '--aux-address' (NAME=IP): 'router' is not KEY=VALUE",
        "network create -o mtu web | Invalid value for option '--opt' (KEY=VALUE): 'mtu' is not KEY=VALUE",
        "network create --label =a web | '=a' has an empty key; expected KEY=VALUE",
        "network create --ipv6=maybe web | Invalid value for option '--ipv6'",
        "network create | Missing required parameter: 'NAME'",
        "network create a b | Unmatched argument at index 5: 'b'",
        "network ls --format {{.Name | Invalid value for option '--format': template parsing error: unclosed action",
        "network inspect --format {{nosuch}} web | template parsing error: function \"nosuch\" not defined",
        "network connect web | Missing required parameter: 'SANDBOX'",
        "network connect --ip 10.1.0.300 web sb | '10.1.0.300' is not an IP address",
        "network connect --driver-opt x web sb | 'x' is not KEY=VALUE",
        "network rm | Missing required parameter: 'NETWORK'",
        "sandbox create --dns 8.8.8 | '8.8.8' is not an IP address",
        "sandbox create --add-host db.local | --add-host 'db.local' is not NAME:IP",
        "sandbox create --add-host db:10.0.0 | --add-host 'db:10.0.0': '10.0.0' is not an IP address",
        "sandbox create --network name=web,colour=red | unknown field 'colour' in 'name=web,colour=red'; fields are name, ip, ip6, alias, mac-address, driver-opt",
        "sandbox create --network ip=10.0.0.1 | 'ip=10.0.0.1' needs name=NETWORK",
        "sandbox ls -f name | invalid filter 'name': expected KEY=VALUE",
        "run | Missing required parameter: 'COMMAND'",
        "run --ip 10.0.0.5 --network name=web,ip=10.0.0.6 true | conflicting options: --ip, --ip6, --alias and --mac-address cannot be combined with settings in --network name=web,...",
        "system info --format {{.version | template parsing error: unclosed action",
    })
    void badInputIsAUsageErrorWithAClearMessage(String args, String message) {
        List<String> all = new java.util.ArrayList<>(List.of("--socket", "/nonexistent/jnet.sock"));
        all.addAll(List.of(args.split(" ")));
        Jnet.Run run = Jnet.run(all.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(message).startsWith("jnet: ").contains("--help'.");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        Jnet.Run run = Jnet.run("netwrk", "ls");
        assertThat(run.err()).contains("Did you mean: jnet network").contains("See 'jnet --help'.");
    }
}
