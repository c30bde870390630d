package dev.jnet.cli.run;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * A command in the foreground inside a sandbox: standard input, output and error are jnet's own, signals to
 * jnet are passed on (see {@link SignalForwarder}), and its exit status is the result (128 + N when a signal
 * N ended it). Needs root: the child is started from a thread that has entered the sandbox's namespace.
 */
public final class SandboxProcess implements AutoCloseable {
    private final SignalForwarder signals;

    private SandboxProcess(SignalForwarder signals) {
        this.signals = signals;
    }

    /**
     * Starts catching SIGINT, SIGTERM and SIGHUP now, before the sandbox exists, so that a signal during
     * set-up lets jnet clean up. {@code interactive}: jnet runs in the foreground of a terminal.
     */
    public static SandboxProcess prepare(boolean interactive) {
        return new SandboxProcess(SignalForwarder.install(interactive));
    }

    /** The signal that arrived before the command started (then jnet should stop), or 0. */
    public int signalDuringSetup() {
        return signals.early();
    }

    /**
     * Checks that the command can run before anything is created: NOT_FOUND when it does not exist (exit
     * 127 in a shell), FORBIDDEN when it is not executable (126).
     */
    public static void checkRunnable(List<String> command) {
        Executables.resolve(command.getFirst(), System.getenv("PATH"));
    }

    /**
     * Runs the command to its end inside the sandbox, with {@code env} added to jnet's environment; its exit
     * status. {@code started} gets the command's pid as soon as it runs.
     */
    public int run(SandboxView sandbox, List<String> command, java.util.Map<String, String> env,
                   java.util.function.LongConsumer started) {
        ProcessBuilder builder = new ProcessBuilder(commandLine(sandbox, command)).inheritIO();
        builder.environment().putAll(env);
        Process child = start(sandbox, builder);
        signals.attach(child);
        started.accept(child.pid());
        while (true) {
            try {
                return child.waitFor();
            } catch (InterruptedException e) {
                // jnet waits for its command whatever happens; signals reach the command through the forwarder
            }
        }
    }

    /** The command as started: inside the files wrapper unless the sandbox shares the host's namespace. */
    static List<String> commandLine(SandboxView sandbox, List<String> command) {
        if (sandbox.hostNetwork()) {
            return command;
        }
        Optional<java.nio.file.Path> unshare = Executables.find("unshare", System.getenv("PATH"));
        if (unshare.isEmpty()) {
            System.err.println("jnet: unshare (util-linux) is not installed: the command sees the host's /etc/hosts, "
                    + "/etc/resolv.conf and host name");
            return command;
        }
        return FilesWrapper.wrap(unshare.get().toString(), sandbox, command);
    }

    /** Starts the process from a thread inside the sandbox's network namespace: the child inherits it. */
    static Process start(SandboxView sandbox, ProcessBuilder builder) {
        NetNs ns = new NetNs(sandbox.shortId(), sandbox.namespace());
        try (NetnsExecutor executor = new NetnsExecutor()) {
            return executor.call(ns, () -> {
                try {
                    return builder.start();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            String reason = String.valueOf(e.getCause().getMessage());
            ErrorKind kind = reason.contains("error=13") ? ErrorKind.FORBIDDEN
                    : reason.contains("error=2,") ? ErrorKind.NOT_FOUND : ErrorKind.INTERNAL;
            throw new JnetException(kind, "cannot run " + builder.command().getFirst() + ": " + reason, e);
        } catch (JnetException e) {
            // Entering the namespace failed: jnet's failure (125), whatever its kind, not the command's (126/127).
            throw JnetException.internal("cannot enter the sandbox's network namespace: " + e.getMessage(), e);
        }
    }

    /** Gives SIGINT, SIGTERM and SIGHUP back to the JVM. */
    @Override
    public void close() {
        signals.close();
    }
}
