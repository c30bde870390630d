package dev.jnet.cli.startup;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Writes a copy of a jar whose class files older than Java 6 (version 50) are re-emitted as version 52
 * with the stack map frames the JVM's type-checking verifier needs; the bytecode itself is unchanged.
 * The JVM cannot put classes older than version 50 in a class archive (CDS skips them as "old") and
 * verifies them with the slower inference verifier; picocli 4.7 ships Java 5 class files, and loading
 * them was 85 of the 175 ms a {@code jnet network ls} took. {@code bin/jnet} runs this once per build
 * ({@code java -cp jnet-cli.jar dev.jnet.cli.startup.ClassFileUpgrade IN.jar OUT.jar}) and puts the copy
 * before the original on the class path; see docs/operations.md, "A CLI that starts fast".
 */
public final class ClassFileUpgrade {
    /** The first version the JVM archives and verifies by type checking. */
    static final int OLDEST_KEPT = ClassFile.JAVA_6_VERSION;
    private static final int TARGET = ClassFile.JAVA_8_VERSION;

    private ClassFileUpgrade() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ClassFileUpgrade IN.jar OUT.jar");
            System.exit(2);
        }
        int upgraded = upgrade(Path.of(args[0]), Path.of(args[1]));
        System.out.println(upgraded + " class files of " + args[0] + " re-emitted as version " + TARGET);
    }

    /** Writes {@code out} (through a file beside it, then moved into place); returns how many classes changed. */
    static int upgrade(Path in, Path out) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        // A name of its own: two first runs after a build may write their copies at the same time.
        Path partial = Files.createTempFile(out.toAbsolutePath().getParent(), out.getFileName().toString(), ".partial");
        int upgraded = 0;
        try (ZipFile jar = new ZipFile(in.toFile());
                URLClassLoader own = new URLClassLoader(new java.net.URL[] {in.toUri().toURL()}, null);
                OutputStream file = Files.newOutputStream(partial);
                ZipOutputStream copy = new ZipOutputStream(file)) {
            ClassFile classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                    ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(own)).cached()),
                    ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
            for (ZipEntry entry : Collections.list(jar.entries())) {
                byte[] bytes = jar.getInputStream(entry).readAllBytes();
                if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
                    ClassModel model = classFile.parse(bytes);
                    if (model.majorVersion() < OLDEST_KEPT) {
                        bytes = classFile.transformClass(model, ClassTransform.dropping(e -> e instanceof ClassFileVersion)
                                .andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL))
                                .andThen(ClassTransform.endHandler(b -> b.withVersion(TARGET, 0))));
                        upgraded++;
                    }
                }
                copy.putNextEntry(new ZipEntry(entry.getName()));
                copy.write(bytes);
                copy.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        // Readable by all, as the jar it copies: other users' commands put it on their class path too.
        Files.setPosixFilePermissions(partial, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return upgraded;
    }
}
