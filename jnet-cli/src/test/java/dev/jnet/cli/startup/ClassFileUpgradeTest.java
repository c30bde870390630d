package dev.jnet.cli.startup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.lang.classfile.ClassFile;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/** picocli's Java 5 class files, re-emitted: all of them new enough to archive, verified, and still picocli. */
class ClassFileUpgradeTest {
    private static final Path PICOCLI = path();

    private static Path path() {
        try {
            return Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyOldClassIsReEmittedAndNothingElseChanges(@TempDir Path dir) throws Exception {
        assertThat(majorVersions(PICOCLI)).as("picocli as it ships").contains(ClassFile.JAVA_5_VERSION);
        Path out = dir.resolve("picocli.jar");

        int upgraded = ClassFileUpgrade.upgrade(PICOCLI, out);

        assertThat(upgraded).isGreaterThan(200);
        assertThat(majorVersions(out)).allMatch(v -> v >= ClassFileUpgrade.OLDEST_KEPT);
        assertThat(entries(out)).isEqualTo(entries(PICOCLI));
        assertThat(dir.toFile().list()).containsExactly("picocli.jar");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(out)))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void theCopyPassesTheVerifierAndParsesACommandLine(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("picocli.jar");
        ClassFileUpgrade.upgrade(PICOCLI, out);
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {out.toUri().toURL()}, null)) {
            for (String name : classNames(out)) {
                Class.forName(name, true, loader); // links, so the type-checking verifier runs on every class
            }
            Class<?> specType = loader.loadClass("picocli.CommandLine$Model$CommandSpec");
            Class<?> optionType = loader.loadClass("picocli.CommandLine$Model$OptionSpec");
            Object spec = specType.getMethod("create").invoke(null);
            Object builder = optionType.getMethod("builder", String.class, String[].class).invoke(null, "--socket", new String[0]);
            java.lang.reflect.Method type = builder.getClass().getMethod("type", Class.class);
            type.setAccessible(true); // declared by a package-private superclass
            type.invoke(builder, String.class);
            specType.getMethod("addOption", optionType).invoke(spec, builder.getClass().getMethod("build").invoke(builder));
            Object cli = loader.loadClass("picocli.CommandLine").getConstructor(Object.class).newInstance(spec);
            Object parsed = cli.getClass().getMethod("parseArgs", String[].class).invoke(cli, (Object) new String[] {"--socket", "/x"});
            assertThat(parsed.getClass().getMethod("matchedOptionValue", String.class, Object.class)
                    .invoke(parsed, "--socket", null)).isEqualTo("/x");
            assertThat(loader.loadClass("picocli.CommandLine").getClassLoader()).isSameAs(loader);
        }
    }

    private static List<Integer> majorVersions(Path jar) throws Exception {
        List<Integer> versions = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                if (e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")) {
                    versions.add(ClassFile.of().parse(zip.getInputStream(e).readAllBytes()).majorVersion());
                }
            }
        }
        return versions;
    }

    private static List<String> entries(Path jar) throws Exception {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
        }
    }

    private static List<String> classNames(Path jar) throws Exception {
        return entries(jar).stream().filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/"))
                .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.')).toList();
    }
}
