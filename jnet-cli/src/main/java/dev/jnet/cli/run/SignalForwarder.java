package dev.jnet.cli.run;

import dev.jnet.error.JnetException;
import dev.jnet.kernel.ffi.Libc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Catches SIGINT, SIGTERM and SIGHUP sent to jnet while {@code jnet run} is in charge, and passes them on
 * to the command. Before the command has started, a signal is only remembered, so that jnet can remove
 * what it set up and stop instead of dying halfway.
 *
 * <p>The command shares jnet's process group. When jnet runs in the foreground of a terminal, a key such
 * as Ctrl-C already sends SIGINT to both: passing it on would deliver it twice, so SIGINT and SIGHUP are
 * then left to the terminal. SIGTERM never comes from the terminal and is always passed on.
 */
final class SignalForwarder implements AutoCloseable {
    private static final Map<String, Integer> SIGNALS = Map.of("INT", Libc.SIGINT, "TERM", Libc.SIGTERM, "HUP", Libc.SIGHUP);

    private final boolean terminalReachesChild;
    private final List<Runnable> restore = new ArrayList<>();
    private volatile Process child;
    private volatile int early;

    private SignalForwarder(boolean terminalReachesChild) {
        this.terminalReachesChild = terminalReachesChild;
    }

    /** Starts catching the signals; {@code terminalReachesChild} when jnet runs in a terminal's foreground. */
    static SignalForwarder install(boolean terminalReachesChild) {
        SignalForwarder forwarder = new SignalForwarder(terminalReachesChild);
        // A signal the JVM keeps (-Xrs) is not caught; the command still gets what the terminal sends it.
        SIGNALS.forEach((name, number) -> JvmSignals.handle(name, () -> forwarder.received(number))
                .ifPresent(forwarder.restore::add));
        return forwarder;
    }

    /** From now on, signals go to {@code process}. */
    void attach(Process process) {
        this.child = process;
        int pending = early;
        if (pending != 0) {
            forward(process, pending); // came after the last check before the start: it is the command's now
        }
    }

    /** The first signal that came before a command was attached, or 0. */
    int early() {
        return early;
    }

    void received(int signal) {
        Process process = child;
        if (process == null) {
            if (early == 0) {
                early = signal;
            }
            return;
        }
        if (terminalReachesChild && signal != Libc.SIGTERM) {
            return;
        }
        forward(process, signal);
    }

    /** Sends {@code signal} to the process if it is still running. */
    static void forward(Process process, int signal) {
        if (!process.isAlive()) {
            return;
        }
        try {
            Libc.kill(Math.toIntExact(process.pid()), signal, "pass signal " + signal + " on to process " + process.pid());
        } catch (JnetException gone) {
            // it ended between the check and the kill
        }
    }

    /** Gives the signals back to the JVM's handlers. */
    @Override
    public void close() {
        restore.forEach(Runnable::run);
        restore.clear();
    }
}
