package dev.jnet.bench;

import java.util.Optional;
import java.util.function.Function;

/** The start every benchmark's main shares: its options parsed, usage on --help or a wrong argument, root. */
final class BenchmarkStart {
    private BenchmarkStart() {}

    /**
     * The options; exits (status 0 after --help, 2 after a wrong argument or without root) when there are
     * none to run with.
     *
     * @param parser empty for --help, IllegalArgumentException for a wrong argument
     */
    static <T> T parseOrExit(String[] args, String usage, String benchmark, Function<String[], Optional<T>> parser) {
        Optional<T> parsed;
        try {
            parsed = parser.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.print(e.getMessage() + System.lineSeparator() + usage);
            System.exit(2);
            throw e;
        }
        if (parsed.isEmpty()) {
            System.out.print(usage);
            System.exit(0);
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            System.err.println(benchmark + " benchmark: needs root to create network namespaces");
            System.exit(2);
        }
        return parsed.orElseThrow();
    }
}
