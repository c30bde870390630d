package dev.jnet.kernel.sysctl;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * Kernel parameters under {@code /proc/sys} of one network namespace ({@code net.*} keys are per
 * namespace and follow the thread that reads them, so the work runs on the namespace's thread).
 *
 * <p>Keys are written as sysctl(8) does: {@code net.ipv4.ip_forward}, where a {@code /} stands for a dot
 * inside a component ({@code net.ipv4.conf.eth0/100.forwarding}), or as a path
 * ({@code net/ipv4/conf/eth0.100/forwarding}).
 */
public final class Sysctl {
    private static final Path ROOT = Path.of("/proc/sys");
    /** What Linux allows in an interface name, which a key may hold; "." and ".." are refused apart. */
    private static final Pattern COMPONENT = Pattern.compile("[^/\\s\\x00]+");

    private final NetnsExecutor executor;
    private final NetNs ns;

    public Sysctl(NetnsExecutor executor, NetNs ns) {
        this.executor = executor;
        this.ns = ns;
    }

    /** The value, without its trailing newline. */
    public String read(String key) {
        Path path = pathOf(key);
        return executor.call(ns, () -> readHere(key, path));
    }

    /** Writes the value in one write call, as the kernel expects. */
    public void write(String key, String value) {
        Path path = pathOf(key);
        if (value.indexOf('\n') >= 0) {
            throw JnetException.invalid("sysctl " + key + " value must be one line");
        }
        executor.run(ns, () -> writeHere(key, path, value));
    }

    /**
     * Writes the value if the kernel has the key; returns whether it had. For settings that only turn
     * something off, such as {@code net.ipv6.conf.X.disable_ipv6} on a kernel booted without IPv6.
     */
    public boolean writeIfPresent(String key, String value) {
        try {
            write(key, value);
            return true;
        } catch (JnetException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** Writes only if the value differs, so that an unchanged setting costs no write. */
    public void ensure(String key, String value) {
        if (!read(key).equals(value)) {
            write(key, value);
        }
    }

    private String readHere(String key, Path path) {
        // Files.readAllBytes trusts the size /proc reports (0) and returns one byte; a stream reads to EOF.
        try (InputStream in = Files.newInputStream(path)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (IOException e) {
            throw failure("read", key, path, e);
        }
    }

    private void writeHere(String key, Path path, String value) {
        // NIO rather than FileOutputStream: it never creates the file, and it reports a missing key or a
        // read-only one as NoSuchFileException or AccessDeniedException instead of FileNotFoundException.
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.WRITE)) {
            out.write((value + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw failure("write '" + value + "' to", key, path, e);
        }
    }

    private JnetException failure(String verb, String key, Path path, IOException e) {
        String what = verb + " sysctl " + key + " in " + ns;
        if (e instanceof NoSuchFileException) {
            return JnetException.notFound(what + ": no such key");
        }
        if (e instanceof AccessDeniedException) {
            return new JnetException(ErrorKind.FORBIDDEN, what + ": permission denied (the key is "
                    + (verb.equals("read") ? "write-only)" : "read-only)"));
        }
        if (Files.isDirectory(path)) {
            return JnetException.invalid(what + ": " + path + " is a directory of keys, not a key");
        }
        if (String.valueOf(e.getMessage()).contains("Invalid argument")) {
            return JnetException.invalid(what + ": the kernel refused the value (Invalid argument)");
        }
        return JnetException.internal(what + ": " + e.getMessage(), e);
    }

    /** The /proc/sys file for a key; INVALID for keys that could escape /proc/sys or name nothing. */
    static Path pathOf(String key) {
        if (key == null || key.isEmpty()) {
            throw JnetException.invalid("sysctl key must not be empty");
        }
        int dot = key.indexOf('.');
        int slash = key.indexOf('/');
        boolean pathForm = slash >= 0 && (dot < 0 || slash < dot);
        String[] parts = pathForm ? key.split("/", -1) : key.split("\\.", -1);
        Path path = ROOT;
        for (String part : parts) {
            String component = pathForm ? part : part.replace('/', '.');
            if (component.isEmpty() || component.equals(".") || component.equals("..")
                    || !COMPONENT.matcher(component).matches()) {
                throw JnetException.invalid("sysctl key '" + key + "' is not valid");
            }
            path = path.resolve(component);
        }
        if (!path.startsWith(ROOT.resolve("net"))) {
            // Only net.* follows the namespace; anything else would change the whole machine.
            throw JnetException.invalid("sysctl key '" + key + "' is not a net.* key: only those belong to a namespace");
        }
        return path;
    }
}
