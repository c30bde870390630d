package dev.jnet.core.controller;

import dev.jnet.core.model.Sandbox;
import dev.jnet.kernel.testing.Command;

import java.util.ArrayList;
import java.util.List;

/** {@code dig} run inside a sandbox: the independent DNS client of the resolver tests. */
final class Dig {
    private Dig() {}

    /** dig's full output for {@code args} (server 127.0.0.11 unless an {@code @} argument is given). */
    static String full(Sandbox sandbox, String... args) {
        List<String> command = new ArrayList<>(List.of("nsenter", "--net=" + sandbox.namespace(), "dig", "+time=3", "+tries=1"));
        if (List.of(args).stream().noneMatch(a -> a.startsWith("@"))) {
            command.add("@127.0.0.11");
        }
        command.addAll(List.of(args));
        return Command.run(command).stdout();
    }

    /** The answers only, one per line ({@code +short}). */
    static List<String> answers(Sandbox sandbox, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("+short");
        return full(sandbox, all.toArray(String[]::new)).lines().filter(l -> !l.isBlank() && !l.startsWith(";")).toList();
    }
}
