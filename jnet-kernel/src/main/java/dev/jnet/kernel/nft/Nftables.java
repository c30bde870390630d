package dev.jnet.kernel.nft;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.ffi.Libc;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * nftables for one network namespace, through libnftables (no {@code nft} process). The context is
 * created inside the namespace and every command runs there too, so a socket the library reopens can
 * never land in another namespace. One command at a time per context.
 *
 * <p>{@link #apply(String)} sends a whole script as one atomic transaction: every command takes effect,
 * or none does.
 */
public final class Nftables implements AutoCloseable {
    private final NetnsExecutor executor;
    private final NetNs ns;
    private final LibNftables lib;
    private MemorySegment context;

    private Nftables(NetnsExecutor executor, NetNs ns, LibNftables lib, MemorySegment context) {
        this.executor = executor;
        this.ns = ns;
        this.lib = lib;
        this.context = context;
    }

    /** Opens a context inside {@code ns}; UNAVAILABLE if libnftables is not installed. */
    public static Nftables open(NetnsExecutor executor, NetNs ns) {
        LibNftables lib = LibNftables.get();
        MemorySegment context = executor.call(ns, () -> nativeCall(() -> newContext(lib, ns)));
        return new Nftables(executor, ns, lib, context);
    }

    /**
     * Opens a context in the calling thread's namespace, used only from this thread (which {@code name}
     * describes in errors). For code that already runs on a namespace's own thread, such as the probe.
     */
    public static Nftables openHere(String name) {
        LibNftables lib = LibNftables.get();
        NetNs here = new NetNs(name, Path.of("/proc/thread-self/ns/net"));
        return new Nftables(null, here, lib, nativeCall(() -> newContext(lib, here)));
    }

    /** Descriptor numbers from here on are too close to FD_SETSIZE (1024) for libnftables. */
    static final int FD_LIMIT = 1000;

    private static MemorySegment newContext(LibNftables lib, NetNs ns) throws Throwable {
        requireLowDescriptors(ns);
        MemorySegment context = (MemorySegment) lib.ctxNew.invokeExact(0);
        if (context.equals(MemorySegment.NULL)) {
            throw JnetException.unavailable("libnftables could not create a context in " + ns);
        }
        int out = (int) lib.bufferOutput.invokeExact(context);
        int err = (int) lib.bufferError.invokeExact(context);
        if (out != 0 || err != 0) {
            lib.ctxFree.invokeExact(context);
            throw JnetException.unavailable("libnftables could not buffer its output in " + ns);
        }
        return context;
    }

    /**
     * libnftables waits on its socket with {@code select}, and glibc aborts the whole process when that
     * descriptor is 1024 or more. A new context's socket takes the lowest free descriptor, so refuse to
     * make one when even that is near the limit: a clear error instead of a dead process.
     */
    private static void requireLowDescriptors(NetNs ns) {
        int probe = Libc.open("/dev/null", Libc.O_RDONLY | Libc.O_CLOEXEC, "probe the lowest free descriptor");
        Libc.close(probe);
        if (probe >= FD_LIMIT) {
            throw JnetException.unavailable("cannot open an nftables context in " + ns + ": descriptors 0-" + (FD_LIMIT - 1)
                    + " are all in use and libnftables cannot use a higher one (it waits with select())");
        }
    }

    /**
     * Runs an nft script atomically; returns what nft printed. Errors carry nft's own message, which for a
     * script of several lines names the failing one ({@code script:2:16-26: Error: ...}) and quotes it.
     */
    public synchronized String apply(String script) {
        return execute(script, false);
    }

    /**
     * Runs a batch written in libnftables' JSON ({@code {"nftables": [{"add": ...}, {"delete": ...}]}})
     * atomically, as {@link #apply} does for nft's syntax. JSON names tables and chains as plain strings, so
     * it also reaches those whose names nft's syntax cannot spell (a table called {@code fw}, a keyword).
     */
    public synchronized String applyJson(String batch) {
        return execute(batch, true);
    }

    /** The whole ruleset of the namespace as nft's JSON ({@code nft -j list ruleset}). */
    public synchronized String listRulesetJson() {
        return execute("list ruleset", true);
    }

    /** Runs a listing command ({@code list table inet jnet}, ...) and returns its JSON. */
    public synchronized String listJson(String command) {
        return execute(command, true);
    }

    private String execute(String script, boolean json) {
        if (context == null) {
            throw new IllegalStateException("nftables context for " + ns + " is closed");
        }
        if (executor == null || ns.isProcess()) {
            // The caller is already inside the process's namespace (only an executor worker on a task is
            // not, and none applies nft scripts): handing over to a worker would only cost two thread switches.
            return nativeCall(() -> runRetrying(script, json));
        }
        return executor.call(ns, () -> nativeCall(() -> runRetrying(script, json)));
    }

    /**
     * A signal can interrupt libnftables' netlink conversation (EINTR). A batch is one transaction, so a
     * failed one changed nothing and is simply sent again.
     */
    private String runRetrying(String script, boolean json) throws Throwable {
        for (int attempt = 1; ; attempt++) {
            try {
                return runHere(script, json);
            } catch (JnetException e) {
                if (attempt == 3 || !e.getMessage().contains("Interrupted system call")) {
                    throw e;
                }
            }
        }
    }

    private String runHere(String script, boolean json) throws Throwable {
        int flags = (int) lib.outputGetFlags.invokeExact(context);
        lib.outputSetFlags.invokeExact(context, json ? flags | LibNftables.OUTPUT_JSON : flags & ~LibNftables.OUTPUT_JSON);
        int rc;
        try (Arena arena = Arena.ofConfined()) {
            rc = (int) lib.runCmdFromBuffer.invokeExact(context, arena.allocateFrom(script));
        }
        String output = LibNftables.string((MemorySegment) lib.getOutputBuffer.invokeExact(context));
        String error = LibNftables.string((MemorySegment) lib.getErrorBuffer.invokeExact(context));
        if (rc != 0) {
            String message = error.isBlank() ? "nft returned " + rc : error.strip();
            throw failure(script.strip().indexOf('\n') < 0 ? message : explainFromFile(script, message));
        }
        return output;
    }

    /**
     * In an error about a buffer, libnftables quotes the buffer's first line whichever line failed; about
     * a file, it names and quotes the failing line. So when a script of several lines fails (and changed
     * nothing: it is one transaction), it is checked again from a file in dry-run mode for a precise
     * message. Only the error path pays for the file.
     */
    private String explainFromFile(String script, String bufferMessage) throws Throwable {
        Path file = scriptFile(script);
        lib.setDryRun.invokeExact(context, true);
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) lib.runCmdFromFilename.invokeExact(context, arena.allocateFrom(file.toString()));
            MemorySegment ignored = (MemorySegment) lib.getOutputBuffer.invokeExact(context);
            String error = LibNftables.string((MemorySegment) lib.getErrorBuffer.invokeExact(context));
            return rc == 0 || error.isBlank() ? bufferMessage : error.strip().replace(file + ":", "script:");
        } finally {
            lib.setDryRun.invokeExact(context, false);
            Files.deleteIfExists(file);
        }
    }

    private Path scriptFile(String script) {
        try {
            Path file = Files.createTempFile("jnet-nft-", ".nft");
            Files.writeString(file, script);
            return file;
        } catch (IOException e) {
            throw JnetException.internal("cannot write the nft script for " + ns + " to a temporary file", e);
        }
    }

    private JnetException failure(String nftMessage) {
        ErrorKind kind = ErrorKind.INVALID;
        if (nftMessage.contains("No such file or directory")) {
            kind = ErrorKind.NOT_FOUND;
        } else if (nftMessage.contains("File exists") || nftMessage.contains("Device or resource busy")) {
            kind = ErrorKind.CONFLICT;
        } else if (nftMessage.contains("Operation not permitted")) {
            kind = ErrorKind.FORBIDDEN;
        } else if (nftMessage.contains("Operation not supported") || nftMessage.contains("Interrupted system call")
                || nftMessage.contains("Cannot allocate memory") || nftMessage.contains("No buffer space")) {
            kind = ErrorKind.UNAVAILABLE;
        }
        return new JnetException(kind, "nftables in " + ns + " refused the change: " + nftMessage);
    }

    @Override
    public synchronized void close() {
        if (context == null) {
            return;
        }
        MemorySegment doomed = context;
        context = null;
        if (executor == null) {
            free(doomed);
            return;
        }
        try {
            executor.run(ns, () -> free(doomed));
        } catch (JnetException e) {
            free(doomed); // the namespace is gone; freeing needs no namespace
        }
    }

    /** A native call whose Throwable is rethrown unchecked. */
    private interface NativeCall<T> {
        T call() throws Throwable;
    }

    private static <T> T nativeCall(NativeCall<T> call) {
        try {
            return call.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("libnftables call failed", t);
        }
    }

    private void free(MemorySegment doomed) {
        try {
            lib.ctxFree.invokeExact(doomed);
        } catch (Throwable t) {
            throw new IllegalStateException("nft_ctx_free failed", t);
        }
    }
}
