package dev.jnet.daemon.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A root file system of Debian's static busybox, for the runtime tests' containers: the applets they use
 * and a web page. (Its wget and glibc lookups crash without NSS: tests resolve with its nslookup and talk
 * with its nc.)
 */
public final class BusyboxRootfs {
    public static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final List<String> APPLETS = List.of("sh", "sleep", "httpd", "wget", "ip", "cat", "nslookup", "awk",
            "nc", "printf", "echo");

    private BusyboxRootfs() {}

    /**
     * A shell line for a container: the address of {@code name} from the resolver at 127.0.0.11 (busybox's
     * nslookup), then an HTTP GET of its port 80 with busybox's nc.
     */
    public static String getByName(String name) {
        return "ip=$(nslookup " + name + " 127.0.0.11 | awk '/^Address: /{a=$2} END{print a}');"
                + " printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 $ip 80";
    }

    /** Makes it in {@code rootfs} (a new directory). */
    public static Path make(Path rootfs) throws IOException {
        Files.createDirectories(rootfs.resolve("bin"));
        Files.createDirectories(rootfs.resolve("www"));
        Files.createDirectories(rootfs.resolve("etc"));
        for (String dir : List.of("proc", "sys", "dev", "tmp")) {
            Files.createDirectories(rootfs.resolve(dir));
        }
        Files.copy(BUSYBOX, rootfs.resolve("bin/busybox"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Files.writeString(rootfs.resolve("www/index.html"), "hello from jnet\n");
        return rootfs;
    }
}
