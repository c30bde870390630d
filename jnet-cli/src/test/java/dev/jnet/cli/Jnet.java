package dev.jnet.cli;

import dev.jnet.cli.client.FakeJnetd;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs the jnet command line in this JVM, capturing what it prints. */
final class Jnet {
    record Run(int exitCode, String out, String err) {}

    private Jnet() {}

    static Run run(String... args) {
        return run(cli -> { }, args);
    }

    /** Runs against a fake daemon: {@code --socket} points at it. */
    static Run against(FakeJnetd jnetd, String... args) {
        return run(cli -> { }, withSocket(jnetd, args));
    }

    static String[] withSocket(FakeJnetd jnetd, String... args) {
        List<String> all = new ArrayList<>(List.of("--socket", jnetd.socket().toString()));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /** Runs after {@code setUp} has adjusted the command line (to replace a terminal, say). */
    static Run run(Consumer<CommandLine> setUp, String... args) {
        CommandLine cli = Main.commandLine();
        setUp.accept(cli);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
