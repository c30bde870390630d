package dev.jnet.core.controller;

import dev.jnet.kernel.testing.ThrowawayNs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * jnet's tables as {@code nft list ruleset} prints them, made comparable: veth names (random, from
 * endpoint ids) become {@code vethXXXXXXX}, the elements of each set are sorted (the kernel lists
 * hash sets in no fixed order) and so are the blocks (sets, maps, chains) of each table, which nft lists
 * in the order they were made. Golden files live under {@code src/test/resources/golden/}; run with
 * {@code -Dgolden.update=true} to rewrite them, then review the diff.
 */
final class Golden {
    private static final Pattern ELEMENTS = Pattern.compile("elements = \\{([^}]*)}", Pattern.DOTALL);

    private Golden() {}

    static String ruleset(ThrowawayNs ns) {
        String text = ns.exec("nft", "list", "ruleset").orFail(List.of("nft list ruleset")).stdout();
        text = text.replaceAll("veth[0-9a-f]{7}", "vethXXXXXXX");
        Matcher m = ELEMENTS.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String sorted = Arrays.stream(m.group(1).split(",")).map(String::strip).sorted()
                    .collect(Collectors.joining(",\n\t\t\t     "));
            m.appendReplacement(out, Matcher.quoteReplacement("elements = { " + sorted + " }"));
        }
        return sortBlocks(m.appendTail(out).toString());
    }

    private static String sortBlocks(String ruleset) {
        StringBuilder out = new StringBuilder();
        for (String table : ruleset.split("(?m)^}\n?")) {
            if (table.isBlank()) {
                continue;
            }
            int open = table.indexOf('\n');
            String blocks = Arrays.stream(table.substring(open + 1).split("\n\n")).map(String::stripTrailing)
                    .sorted().collect(Collectors.joining("\n\n"));
            out.append(table, 0, open + 1).append(blocks).append("\n}\n");
        }
        return out.toString();
    }

    static String expected(String name, String actual) {
        Path source = Path.of("src/test/resources/golden", name);
        if (Boolean.getBoolean("golden.update")) {
            try {
                Files.writeString(source, actual);
                return actual;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new AssertionError("no golden file " + source + ": run with -Dgolden.update=true and review it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
