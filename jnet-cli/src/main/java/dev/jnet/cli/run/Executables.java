package dev.jnet.cli.run;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds a command the way a shell does: a name with a '/' as it is, any other name on the PATH. */
final class Executables {
    private Executables() {}

    /**
     * The file that would run; NOT_FOUND when there is none, FORBIDDEN when it is not executable (the
     * shell's 127 and 126).
     */
    static Path resolve(String command, String searchPath) {
        if (command.isEmpty()) {
            throw new JnetException(ErrorKind.NOT_FOUND, "cannot run '': the command is empty");
        }
        if (command.contains("/")) {
            Path file = Path.of(command);
            if (!Files.exists(file)) {
                throw new JnetException(ErrorKind.NOT_FOUND, "cannot run " + command + ": no such file");
            }
            if (Files.isDirectory(file) || !Files.isExecutable(file)) {
                throw new JnetException(ErrorKind.FORBIDDEN, "cannot run " + command + ": permission denied");
            }
            return file;
        }
        return find(command, searchPath).orElseThrow(() -> new JnetException(ErrorKind.NOT_FOUND,
                "cannot run " + command + ": executable file not found in $PATH"));
    }

    /** The first executable regular file named {@code name} in the PATH's directories. */
    static Optional<Path> find(String name, String searchPath) {
        String path = searchPath == null || searchPath.isEmpty() ? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" : searchPath;
        for (String directory : path.split(File.pathSeparator, -1)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory).resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
