package dev.jnet.daemon;

import dev.jnet.error.JnetException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * This host's identity for IPAM (its unique local IPv6 prefix is derived from it): made once, kept in
 * {@code host-id} in the state directory, and the same on every start after.
 */
final class HostId {
    static final String FILE_NAME = "host-id";
    private static final Pattern FORMAT = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._:-]{0,127}");

    private HostId() {}

    static String loadOrCreate(Path stateDirectory) {
        Path file = stateDirectory.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file).strip();
                if (!FORMAT.matcher(id).matches()) {
                    throw JnetException.internal(file + " holds '" + id + "', which is not a host id; restore it from"
                            + " a backup (IPv6 prefixes depend on it), or remove it to make a new one", null);
                }
                return id;
            }
            String id = UUID.randomUUID().toString();
            dev.jnet.core.store.AtomicFile.write(file, (id + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return id;
        } catch (IOException e) {
            throw JnetException.internal("cannot read or write the host id in " + file + ": " + e, e);
        }
    }
}
