package dev.jnet.daemon;

import dev.jnet.core.firewall.ForeignFirewallMode;
import dev.jnet.error.JnetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JnetdOptionsTest {
    @TempDir
    Path dir;

    private static DaemonConfig resolve(String... args) {
        Jnetd jnetd = new Jnetd();
        new CommandLine(jnetd).parseArgs(args);
        return jnetd.resolve();
    }

    private Path configFile(String text) throws IOException {
        Path file = dir.resolve("jnetd.conf");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void withoutFlagsTheDefaultsApply() {
        assertThat(resolve()).isEqualTo(new DaemonConfig(Path.of("/run/jnet/jnet.sock"), Path.of("/var/lib/jnet"),
                Path.of("/run/jnet"), LogLevel.INFO));
    }

    @Test
    void pluginDirectoriesComeFromRepeatedFlagsOrConfigKeysAndDefaultToDockerds() throws IOException {
        assertThat(resolve().plugins()).isEqualTo(DaemonConfig.PluginSettings.DEFAULT);
        assertThat(resolve("--plugin-socket-dir", "/a", "--plugin-socket-dir", "/b").plugins()).isEqualTo(
                new DaemonConfig.PluginSettings(List.of(Path.of("/a"), Path.of("/b")), DaemonConfig.PluginSettings.DEFAULT.specs()));
        Path file = configFile("plugin-spec-dir = /s1:/s2\n");
        assertThat(resolve("--config", file.toString()).plugins().specs()).containsExactly(Path.of("/s1"), Path.of("/s2"));
        assertThat(resolve("--plugin-timeout", "2.5").plugins().timeout()).isEqualTo(java.time.Duration.ofMillis(2500));
        assertThatThrownBy(() -> resolve("--plugin-timeout", "0")).hasMessageContaining("between 0.1 and 600 seconds");
    }

    @Test
    void clusterFlagsAndConfigKeysMakeOneClusterConfig() throws IOException {
        Path password = dir.resolve("etcd-password");
        Files.writeString(password, "s3cret\n");
        Path file = configFile("cluster-store = etcd://10.0.0.1:2379,10.0.0.2:2379\ncluster-user = jnet\n");
        var cluster = resolve("--config", file.toString(), "--advertise-address", "10.0.0.7", "--cluster-password-file",
                password.toString(), "--cluster-lease-ttl", "5").cluster().config().orElseThrow();
        assertThat(cluster.store().endpoints()).extracting(Object::toString)
                .containsExactly("http://10.0.0.1:2379", "http://10.0.0.2:2379");
        assertThat(cluster.store().user()).contains("jnet");
        assertThat(cluster.store().password()).contains("s3cret");
        assertThat(cluster.advertiseAddress().getHostAddress()).isEqualTo("10.0.0.7");
        assertThat(cluster.leaseTtl()).hasSeconds(5);
        assertThat(resolve().cluster().config()).as("no store: on its own").isEmpty();
    }

    @Test
    void clusterSettingsThatDoNotFitAreUsageErrors() {
        assertThatThrownBy(() -> resolve("--cluster-store", "etcd://10.0.0.1:2379")).isInstanceOf(JnetException.class)
                .hasMessageContaining("needs --advertise-address");
        assertThatThrownBy(() -> resolve("--advertise-address", "10.0.0.7")).hasMessageContaining("need --cluster-store");
        assertThatThrownBy(() -> resolve("--cluster-store", "consul://a:1", "--advertise-address", "10.0.0.7"))
                .hasMessageContaining("consul://a:1");
        assertThatThrownBy(() -> resolve("--cluster-store", "etcd://a:1", "--advertise-address", "host.example"))
                .hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> resolve("--cluster-store", "etcd://a:1", "--advertise-address", "0.0.0.0"))
                .hasMessageContaining("not an address other hosts can reach");
        assertThatThrownBy(() -> resolve("--cluster-store", "etcd://a:1", "--advertise-address", "10.0.0.7",
                "--cluster-ca", "/nonexistent/ca.pem")).hasMessageContaining("/nonexistent/ca.pem");
        assertThatThrownBy(() -> resolve("--cluster-store", "etcd://a:1", "--advertise-address", "10.0.0.7",
                "--cluster-user", "jnet")).hasMessageContaining("--cluster-password-file");
        assertThatThrownBy(() -> resolve("--cluster-store", "etcd://a:1", "--advertise-address", "10.0.0.7",
                "--cluster-lease-ttl", "1")).hasMessageContaining("at least 2 s");
    }

    @Test
    void theConfigFileSetsWhatItNamesAndFlagsWinOverIt() throws IOException {
        Path file = configFile("""
                # jnetd settings
                socket = /tmp/a.sock
                state-dir=/srv/jnet
                  log-level = DEBUG

                """);
        DaemonConfig config = resolve("--config", file.toString(), "--socket", "/tmp/b.sock");
        assertThat(config).isEqualTo(new DaemonConfig(Path.of("/tmp/b.sock"), Path.of("/srv/jnet"), Path.of("/run/jnet"),
                LogLevel.DEBUG));
    }

    @Test
    void aConfigFileMistakeNamesTheFileAndLine() throws IOException {
        assertThatThrownBy(() -> resolve("--config", configFile("socket = /a\nsokcet = /b\n").toString()))
                .isInstanceOf(JnetException.class).hasMessageContaining("jnetd.conf:2: unknown key 'sokcet'");
        assertThatThrownBy(() -> resolve("--config", configFile("socket /a\n").toString()))
                .hasMessageContaining("jnetd.conf:1: expected 'key = value'");
        assertThatThrownBy(() -> resolve("--config", configFile("run-dir = /a\nrun-dir = /b\n").toString()))
                .hasMessageContaining("jnetd.conf:2: 'run-dir' is set twice");
        assertThatThrownBy(() -> resolve("--config", configFile("log-level = loud\n").toString()))
                .hasMessageContaining("jnetd.conf:1: log level 'loud' is not one of error, warn, info, debug, trace");
        assertThatThrownBy(() -> resolve("--config", dir.resolve("missing.conf").toString()))
                .hasMessageContaining("missing.conf does not exist");
    }

    @Test
    void theMetricsListenerIsOffByDefaultAndTakesOnlyALoopbackAddress() throws IOException {
        assertThat(resolve().metricsAddress()).isEmpty();
        assertThat(resolve("--config", configFile("metrics-addr = 127.0.0.1:9323\n").toString()).metricsAddress())
                .isEqualTo(resolve("--metrics-addr", "127.0.0.1:9323").metricsAddress());
        assertThat(resolve("--metrics-addr", "127.0.0.1:9323").metricsAddress().orElseThrow())
                .isEqualTo(new java.net.InetSocketAddress("127.0.0.1", 9323));
        assertThat(resolve("--metrics-addr", "[::1]:0").metricsAddress().orElseThrow().getPort()).isZero();
        assertThat(resolve("--metrics-addr", "localhost:9100").metricsAddress().orElseThrow().getAddress().isLoopbackAddress())
                .isTrue();
        assertThatThrownBy(() -> resolve("--metrics-addr", "0.0.0.0:9323"))
                .hasMessage("metrics address '0.0.0.0:9323' is not a loopback address: the metrics listener has no "
                        + "authentication and binds only to 127.0.0.0/8 or ::1 (scrape from another host through a proxy)");
        assertThatThrownBy(() -> resolve("--metrics-addr", "127.0.0.1")).hasMessageContaining("is not IP:PORT");
        assertThatThrownBy(() -> resolve("--metrics-addr", "::1:9323")).hasMessageContaining("in brackets");
        assertThatThrownBy(() -> resolve("--metrics-addr", "127.0.0.1:70000")).hasMessageContaining("from 0 to 65535");
        assertThatThrownBy(() -> resolve("--metrics-addr", "prometheus.example:9323"))
                .hasMessageStartingWith("metrics address 'prometheus.example:9323': ");
        assertThatThrownBy(() -> resolve("--config", configFile("metrics-addr = 10.0.0.1:9323\n").toString()))
                .hasMessageContaining("jnetd.conf:1: metrics address '10.0.0.1:9323' is not a loopback address");
    }

    @Test
    void theForeignFirewallModeComesFromTheFlagOrTheConfigFileAndDefaultsToInsert() throws IOException {
        assertThat(resolve().foreignFirewall()).isEqualTo(ForeignFirewallMode.INSERT);
        assertThat(resolve("--foreign-firewall=leave").foreignFirewall()).isEqualTo(ForeignFirewallMode.LEAVE);
        Path file = configFile("foreign-firewall = leave\n");
        assertThat(resolve("--config", file.toString()).foreignFirewall()).isEqualTo(ForeignFirewallMode.LEAVE);
        assertThat(resolve("--config", file.toString(), "--foreign-firewall", "insert").foreignFirewall())
                .isEqualTo(ForeignFirewallMode.INSERT);
        assertThat(resolve("--foreign-firewall=leave").foreignFirewall()).isEqualTo(ForeignFirewallMode.LEAVE);
        assertThatThrownBy(() -> resolve("--config", configFile("foreign-firewall = ignore\n").toString()))
                .hasMessageContaining("jnetd.conf:1: unknown foreign-firewall mode 'ignore' (known: insert, leave)");
        StringWriter err = new StringWriter();
        assertThat(new CommandLine(new Jnetd()).setErr(new PrintWriter(err)).execute("--foreign-firewall", "off")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown foreign-firewall mode 'off'");
    }

    @Test
    void theDockerPluginIsOffUnlessNamedAndItsSocketIsWhereDockerdLooksUnlessGiven() throws IOException {
        assertThat(resolve().dockerPlugin()).isEmpty();
        assertThat(resolve("--docker-plugin", "jnet").dockerPlugin()).contains(
                new DaemonConfig.PluginSocket("jnet", Path.of("/run/docker/plugins/jnet.sock")));
        assertThat(resolve("--docker-plugin", "jnet", "--docker-plugin-socket", "/tmp/p.sock").dockerPlugin().orElseThrow()
                .socket()).isEqualTo(Path.of("/tmp/p.sock"));
        assertThat(resolve("--config", configFile("docker-plugin = jn\n").toString()).dockerPlugin().orElseThrow().name())
                .isEqualTo("jn");
        assertThatThrownBy(() -> resolve("--docker-plugin-socket", "/tmp/p.sock"))
                .hasMessageContaining("--docker-plugin-socket needs --docker-plugin NAME");
        assertThat(resolve("--docker-plugin", "jnet").dockerPlugin().orElseThrow().engineSocket())
                .as("dockerd's API, where the plugin reads container names").isEqualTo(Path.of("/var/run/docker.sock"));
        assertThat(resolve("--docker-plugin", "jnet", "--docker-engine-socket", "/tmp/d.sock").dockerPlugin().orElseThrow()
                .engineSocket()).isEqualTo(Path.of("/tmp/d.sock"));
        assertThatThrownBy(() -> resolve("--docker-engine-socket", "/tmp/d.sock"))
                .hasMessageContaining("--docker-engine-socket needs --docker-plugin NAME");
        assertThatThrownBy(() -> resolve("--docker-plugin", "jnet", "--docker-socket", "/tmp/own.sock",
                "--docker-engine-socket", "/tmp/own.sock")).hasMessageContaining("is one of jnetd's own sockets");
        assertThatThrownBy(() -> resolve("--docker-plugin", "Jnet Plugin"))
                .hasMessageContaining("plugin name 'Jnet Plugin' must be lower-case letters");
    }

    @Test
    void aSocketPathLongerThanUnixSocketsAllowIsRefused() {
        assertThatThrownBy(() -> resolve("--socket", "/run/" + "s".repeat(120)))
                .hasMessageContaining("a Unix socket path may have at most 107");
    }

    @Test
    void aBadFlagIsAUsageErrorWithExitStatus2() {
        StringWriter err = new StringWriter();
        int status = new CommandLine(new Jnetd()).setErr(new PrintWriter(err)).execute("--log-level", "loud");
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("log level 'loud' is not one of");
    }

    @Test
    void helpShowsEachDefault() {
        String help = new CommandLine(new Jnetd()).getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");
        assertThat(help).contains("(default: /run/jnet/jnet.sock)", "(default: /var/lib/jnet)", "(default: /run/jnet)",
                "(default: info)", "--docker-socket=PATH", "--group=NAME", "root's only (0600)", "(default: 256)", "(default: docker.sock beside --socket, /run/jnet/docker.sock)",
                "docker -H unix:///run/jnet/docker.sock network ls");
    }

    @Test
    void theDockerSocketIsBesideTheSocketUnlessGivenByFlagOrConfigFile() throws IOException {
        assertThat(resolve().dockerSocket()).isEqualTo(Path.of("/run/jnet/docker.sock"));
        assertThat(resolve("--socket", "/tmp/a/jnet.sock").dockerSocket()).isEqualTo(Path.of("/tmp/a/docker.sock"));
        assertThat(resolve("--socket", "/tmp/a/jnet.sock", "--docker-socket", "/tmp/d.sock").dockerSocket())
                .isEqualTo(Path.of("/tmp/d.sock"));
        Path file = configFile("docker-socket = /srv/docker.sock\n");
        assertThat(resolve("--config", file.toString(), "--socket", "/tmp/b/jnet.sock").dockerSocket())
                .isEqualTo(Path.of("/srv/docker.sock"));
        assertThat(resolve("--config", file.toString(), "--docker-socket", "/tmp/e.sock").dockerSocket())
                .isEqualTo(Path.of("/tmp/e.sock"));
        assertThatThrownBy(() -> resolve("--socket", "/tmp/x.sock", "--docker-socket", "/tmp/x.sock"))
                .hasMessageContaining("the Docker API socket must not be the native API's socket /tmp/x.sock");
    }

    @Test
    void theSocketGroupAndConnectionCapComeFromFlagsOrTheConfigFileAndDefaultToRootOnlyAnd256() throws IOException {
        assertThat(resolve().group()).isEmpty();
        assertThat(resolve().maxConnections()).isEqualTo(256);
        DaemonConfig flags = resolve("--group", "jnet", "--max-connections", "64");
        assertThat(flags.group()).contains("jnet");
        assertThat(flags.maxConnections()).isEqualTo(64);
        Path file = configFile("group = docker\nmax-connections = 10\n");
        assertThat(resolve("--config", file.toString()).group()).contains("docker");
        assertThat(resolve("--config", file.toString(), "--max-connections", "20").maxConnections()).isEqualTo(20);
        assertThat(resolve("--group", "999").group()).contains("999");
    }

    @Test
    void aBadGroupNameOrConnectionCapIsRefused() throws IOException {
        assertThatThrownBy(() -> resolve("--group", "no such")).hasMessageContaining("'no such' is not a group name");
        assertThatThrownBy(() -> resolve("--max-connections", "0")).hasMessageContaining("between 1 and 4096, got 0");
        assertThatThrownBy(() -> resolve("--config", configFile("max-connections = many\n").toString()))
                .hasMessageContaining("jnetd.conf:1: 'many' is not a number");
        StringWriter err = new StringWriter();
        assertThat(new CommandLine(new Jnetd()).setErr(new PrintWriter(err)).execute("--max-connections", "x")).isEqualTo(2);
    }
}
