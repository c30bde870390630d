package dev.jnet.cli;

import dev.jnet.net.Cidr;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunCommandTest {
    static RunCommand parse(String... args) {
        CommandLine cli = Main.commandLine();
        cli.parseArgs(args);
        return cli.getSubcommands().get("run").getCommand();
    }

    @Test
    void everythingFromTheCommandOnBelongsToTheCommandWithOrWithoutDoubleDash() {
        assertThat(parse("run", "--network", "web", "sh", "-c", "echo --keep").command)
                .containsExactly("sh", "-c", "echo --keep");
        RunCommand run = parse("run", "--keep", "--", "ls", "-l");
        assertThat(run.command).containsExactly("ls", "-l");
        assertThat(run.keep).isTrue();
    }

    @Test
    void withoutNetworkTheSandboxJoinsBridge() {
        assertThat(parse("run", "true").attachments()).containsExactly(NetworkAttachment.named("bridge"));
    }

    @Test
    void ipAliasAndMacGoToTheFirstNetworkOnly() {
        List<NetworkAttachment> attachments = parse("run", "--network", "web", "--network", "db", "--ip", "10.1.0.5",
                "--ip6", "fd00::5", "--alias", "a", "--network-alias", "b", "--mac-address", "02:42:0a:01:00:05", "true").attachments();
        assertThat(attachments).containsExactly(
                new NetworkAttachment("web", Cidr.parseAddress("10.1.0.5"), Cidr.parseAddress("fd00::5"), List.of("a", "b"),
                        "02:42:0a:01:00:05", List.of()),
                NetworkAttachment.named("db"));
    }

    @Test
    void theLongNetworkFormSetsEachNetworkApart() {
        List<NetworkAttachment> attachments = parse("run", "--network", "web", "--network",
                "name=db,ip=10.2.0.9,alias=primary,mac-address=02:42:0a:02:00:09,driver-opt=a=b", "true").attachments();
        assertThat(attachments.get(1)).isEqualTo(new NetworkAttachment("db", Cidr.parseAddress("10.2.0.9"), null,
                List.of("primary"), "02:42:0a:02:00:09", List.of(new KeyValue("a", "b"))));
    }

    @Test
    void aCommandThatDoesNotExistExits127BeforeAnythingIsCreated() {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.jnet.kernel.ffi.Libc.geteuid() == 0, "run checks root first");
        Jnet.Run run = Jnet.run("--socket", "/nonexistent/jnet.sock", "run", "no-such-command-jnet");
        assertThat(run.exitCode()).isEqualTo(127);
        assertThat(run.err()).isEqualTo("jnet: cannot run no-such-command-jnet: executable file not found in $PATH\n");
    }

    @Test
    void aDaemonThatCannotBeReachedExits125() {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.jnet.kernel.ffi.Libc.geteuid() == 0, "run checks root first");
        Jnet.Run run = Jnet.run("--socket", "/nonexistent/jnet.sock", "run", "true");
        assertThat(run.exitCode()).isEqualTo(125);
        assertThat(run.err()).isEqualTo("jnet: cannot connect to jnetd at /nonexistent/jnet.sock: is it running? (start it with bin/jnetd)\n");
    }
}
