package dev.jnet.bench;

import dev.jnet.error.JnetException;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Creates N veth pairs with an address and both ends up, in throwaway namespaces, three ways: jnet's
 * kernel layer, one {@code ip} process per operation, and {@code ip -batch}; prints the median time,
 * operations per second and the ratios against the targets. Run as root (bench/veth-benchmark.sh).
 *
 * <p>Runs of the methods alternate within each repetition so that a drift of the machine spreads over
 * all of them; before each run the benchmark waits for the kernel to finish tearing down the previous
 * namespace. Nothing outside the namespaces it creates is changed.
 */
public final class VethBenchmark {
    private static final String USAGE = """
            usage: veth-benchmark.sh [PAIRS [REPETITIONS]] [--methods=jnet,per-process,batch]
                                     [--order=grouped|per-pair]
              PAIRS        veth pairs per run (default 1000, at most %d)
              REPETITIONS  timed runs of each method; the median is reported (default 3)
              --methods    which methods to run, in this order (default all three)
              --order      the order of the operations, the same for every method (default grouped:
                           all link adds, all address adds, all 'a' ups, all 'b' ups; per-pair: the
                           four operations of one pair, then the next pair)
            Needs root: it creates network namespaces (only its own, under /run/jnet-bench-PID).
            """.formatted(Workload.MAX_PAIRS);

    private final Workload workload;
    private final int repetitions;
    private final List<Contender> contenders;
    private final ThrowawayNamespaces namespaces;
    private final Verifier verifier;

    private VethBenchmark(Workload workload, int repetitions, List<Contender> contenders,
                          ThrowawayNamespaces namespaces, Verifier verifier) {
        this.workload = workload;
        this.repetitions = repetitions;
        this.contenders = contenders;
        this.namespaces = namespaces;
        this.verifier = verifier;
    }

    public static void main(String[] args) {
        Options options = BenchmarkStart.parseOrExit(args, USAGE, "veth", Options::parse);
        System.exit(runCleanly(options));
    }

    /** Runs the benchmark and removes everything it made, also when it fails or is interrupted (Ctrl-C). */
    private static int runCleanly(Options options) {
        ThrowawayNamespaces namespaces = ThrowawayNamespaces.forThisProcess();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            Processes.stopAll();
            namespaces.close();
        }));
        try (NetnsExecutor executor = new NetnsExecutor()) {
            Path ip = Tools.require("ip");
            Tools.require("nsenter");
            List<Contender> contenders = new ArrayList<>();
            for (String method : options.methods()) {
                contenders.add(switch (method) {
                    case "jnet" -> new JnetContender(executor);
                    case "per-process" -> new IpPerProcessContender(ip, namespaces);
                    case "batch" -> new IpBatchContender(ip, namespaces);
                    default -> throw new IllegalStateException("unchecked method " + method);
                });
            }
            Workload workload = new Workload(options.pairs(), options.order());
            new VethBenchmark(workload, options.repetitions(), contenders, namespaces, new Verifier(ip, namespaces))
                    .run(ip);
            return 0;
        } catch (BenchmarkException | JnetException e) {
            System.err.println("veth benchmark failed: " + e.getMessage());
            return 1;
        } finally {
            namespaces.close();
        }
    }

    private void run(Path ip) {
        Path work = namespaces.workDirectory();
        System.out.println(Machine.describe(work));
        System.out.println("software: " + Processes.run(List.of(ip.toString(), "-V"), work.resolve("ip.err")).strip()
                + "; Java " + Runtime.version());
        System.out.printf("workload: %d veth pairs, a /32 address on one end, both ends up = %d operations "
                + "(%d per pair); %d repetitions after one warm-up, median reported%n", workload.pairs(),
                workload.operations(), Workload.OPERATIONS_PER_PAIR, repetitions);
        System.out.println("order: " + workload.order().description);

        for (Contender contender : contenders) {
            Outcome o = runOnce(contender);
            System.out.printf("warm-up, not counted   %-24s %8.3f s  %s%n", contender.label(),
                    o.measurement().seconds(), o.verification());
        }

        Results results = new Results(workload, contenders);
        for (int r = 1; r <= repetitions; r++) {
            for (Contender contender : contenders) {
                Outcome o = runOnce(contender);
                Measurement m = o.measurement();
                results.add(contender, m);
                String phases = m.phases().stream().map(p -> "%s %.1f ms".formatted(p.name(), p.nanos() / 1e6))
                        .collect(Collectors.joining(", "));
                System.out.printf("run %d/%d               %-24s %8.3f s  %s%s%n", r, repetitions, contender.label(),
                        m.seconds(), o.verification(), phases.isEmpty() ? "" : System.lineSeparator()
                                + " ".repeat(23) + "jnet phases: " + phases);
            }
        }
        System.out.println();
        System.out.print(results.table());
        System.out.println();
        System.out.print(results.ratios());
        System.out.print(results.jnetPhases());
    }

    /** One timed run in a fresh namespace, checked afterwards with {@code ip -j}; the namespace is then deleted. */
    private Outcome runOnce(Contender contender) {
        if (Machine.awaitQuiet() < 0) {
            System.out.println("note: the CPUs stayed busy for 30 s; timings may include other work");
        }
        NetNs ns = namespaces.create(contender.name());
        try {
            Measurement m = contender.run(workload, ns);
            return new Outcome(m, verifier.verify(workload, ns));
        } finally {
            namespaces.delete(ns);
        }
    }

    private record Outcome(Measurement measurement, String verification) {
    }

    /** The command line, parsed. */
    record Options(int pairs, int repetitions, List<String> methods, Workload.Order order) {
        private static final List<String> METHODS = List.of("jnet", "per-process", "batch");

        /** The options, or empty when help was asked for; IllegalArgumentException when they are wrong. */
        static Optional<Options> parse(String[] args) {
            List<Integer> numbers = new ArrayList<>();
            List<String> methods = METHODS;
            Workload.Order order = Workload.Order.GROUPED;
            for (String arg : args) {
                if (arg.equals("-h") || arg.equals("--help")) {
                    return Optional.empty();
                } else if (arg.startsWith("--methods=")) {
                    methods = List.of(arg.substring("--methods=".length()).split(","));
                    if (methods.isEmpty() || !METHODS.containsAll(methods) || methods.size() != Set.copyOf(methods).size()) {
                        throw new IllegalArgumentException("--methods takes distinct names out of " + METHODS);
                    }
                } else if (arg.startsWith("--order=")) {
                    String value = arg.substring("--order=".length());
                    order = java.util.Arrays.stream(Workload.Order.values()).filter(o -> o.option().equals(value))
                            .findFirst().orElseThrow(() -> new IllegalArgumentException("--order is grouped or per-pair"));
                } else if (arg.matches("\\d{1,6}")) {
                    numbers.add(Integer.parseInt(arg));
                } else {
                    throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            if (numbers.size() > 2) {
                throw new IllegalArgumentException("at most two numbers: PAIRS and REPETITIONS");
            }
            int pairs = numbers.isEmpty() ? 1000 : numbers.get(0);
            int repetitions = numbers.size() < 2 ? 3 : numbers.get(1);
            if (pairs < 1 || pairs > Workload.MAX_PAIRS) {
                throw new IllegalArgumentException("PAIRS must be 1 to " + Workload.MAX_PAIRS);
            }
            if (repetitions < 1 || repetitions > 100) {
                throw new IllegalArgumentException("REPETITIONS must be 1 to 100");
            }
            return Optional.of(new Options(pairs, repetitions, methods, order));
        }
    }

    /** External commands, found once so a missing one fails before any namespace is made. */
    static final class Tools {
        private Tools() {}

        static Path require(String name) {
            String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
            for (String dir : path.split(":")) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate.toAbsolutePath();
                }
            }
            throw new BenchmarkException(name + " is not installed (Debian package "
                    + switch (name) {
                        case "ip" -> "iproute2";
                        case "nft" -> "nftables";
                        case "true" -> "coreutils";
                        default -> "util-linux";
                    } + ")");
        }
    }
}
