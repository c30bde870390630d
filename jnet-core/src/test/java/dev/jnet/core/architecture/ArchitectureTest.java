package dev.jnet.core.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The design's doors, kept by the build: only jnet-kernel uses {@code java.lang.foreign}; the controller uses
 * no driver implementation and no firewall (it knows drivers by their capabilities) and never compares a
 * driver's name with a literal.
 */
class ArchitectureTest {
    /** The project's root: the module's parent directory, where surefire runs this module's tests. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern FOREIGN = Pattern.compile("\\bjava\\.lang\\.foreign\\b");
    private static final Pattern DRIVER_IMPLEMENTATION = Pattern.compile(
            "\\bdev\\.jnet\\.core\\.(firewall\\.\\w+|driver\\.(?!Driver\\b|DriverRegistry\\b)[a-z]\\w*\\.\\w+|driver\\.BuiltinDrivers)\\b");
    private static final Pattern NAME_TEST = Pattern.compile("driver\\(\\)\\s*\\.equals\\(\\s*\"");

    /**
     * Product code only: tests may open raw sockets to watch the wire, and benchmarks measure the parts, but
     * neither ships.
     */
    @Test
    void onlyTheKernelModuleUsesTheForeignFunctionApi() {
        List<String> offenders = new ArrayList<>();
        for (String module : List.of("jnet-core", "jnet-daemon", "jnet-cli")) {
            for (Path file : sources(ROOT.resolve(module + "/src/main"))) {
                offenders.addAll(matches(file, FOREIGN));
            }
        }
        assertThat(offenders).isEmpty();
        assertThat(sources(ROOT.resolve("jnet-kernel/src/main")).stream().anyMatch(f -> !matches(f, FOREIGN).isEmpty()))
                .as("the kernel module is where it is used: the scan sees it").isTrue();
    }

    @Test
    void theControllerUsesNoDriverImplementationNoFirewallAndNoDriverNames() {
        List<String> offenders = new ArrayList<>();
        for (Path file : sources(ROOT.resolve("jnet-core/src/main/java/dev/jnet/core/controller"))) {
            offenders.addAll(matches(file, DRIVER_IMPLEMENTATION));
            offenders.addAll(matches(file, NAME_TEST));
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void theScansFindWhatTheyLookFor() {
        assertThat(DRIVER_IMPLEMENTATION.matcher("import dev.jnet.core.driver.bridge.BridgeOptions;").find()).isTrue();
        assertThat(DRIVER_IMPLEMENTATION.matcher("x = dev.jnet.core.firewall.ForeignFirewall.inHost(k);").find()).isTrue();
        assertThat(DRIVER_IMPLEMENTATION.matcher("import dev.jnet.core.driver.BuiltinDrivers;").find()).isTrue();
        assertThat(DRIVER_IMPLEMENTATION.matcher("import dev.jnet.core.driver.Capabilities;").find()).isFalse();
        assertThat(DRIVER_IMPLEMENTATION.matcher("import dev.jnet.core.driver.Driver;").find()).isFalse();
        assertThat(NAME_TEST.matcher("if (network.driver().equals(\"bridge\"))").find()).isTrue();
        assertThat(FOREIGN.matcher("import java.lang.foreign.MemorySegment;").find()).isTrue();
    }

    private static List<Path> sources(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(f -> f.toString().endsWith(".java") && !f.toString().contains("/target/")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> matches(Path file, Pattern pattern) {
        try {
            List<String> found = new ArrayList<>();
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = pattern.matcher(lines.get(i));
                if (m.find()) {
                    found.add(ROOT.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
