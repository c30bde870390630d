package dev.jnet.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

/** Standard input, for questions such as prune's "are you sure?" (a terminal or a pipe). Tests replace it. */
interface Terminal {
    /** One line of standard input, or null at its end. */
    String readLine();

    /** Asks a yes/no question; only "y" or "yes" (any case) is a yes. */
    default boolean confirm(java.io.PrintWriter out, String question) {
        out.print(question + " [y/N] ");
        out.flush();
        String answer = readLine();
        return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    }

    /** The process's own standard input. */
    Terminal SYSTEM = new Terminal() {
        private BufferedReader reader;

        @Override
        public synchronized String readLine() {
            try {
                if (reader == null) {
                    reader = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
                }
                return reader.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    /** Whether file descriptor 0 is a terminal device (read from /proc, so no native call is needed). */
    static boolean stdinIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
