package dev.jnet.kernel.nft;

import dev.jnet.error.JnetException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** The libnftables functions jnet calls, bound on first use; absent library means UNAVAILABLE. */
final class LibNftables {
    static final String LIBRARY = "libnftables.so.1";
    static final int OUTPUT_JSON = 1 << 4;

    private static volatile LibNftables instance;

    final MethodHandle ctxNew;
    final MethodHandle ctxFree;
    final MethodHandle bufferOutput;
    final MethodHandle bufferError;
    final MethodHandle getOutputBuffer;
    final MethodHandle getErrorBuffer;
    final MethodHandle outputGetFlags;
    final MethodHandle outputSetFlags;
    final MethodHandle runCmdFromBuffer;
    final MethodHandle setDryRun;
    final MethodHandle runCmdFromFilename;

    private LibNftables(SymbolLookup lib) {
        Linker linker = Linker.nativeLinker();
        ctxNew = linker.downcallHandle(lib.findOrThrow("nft_ctx_new"), FunctionDescriptor.of(ADDRESS, JAVA_INT));
        ctxFree = linker.downcallHandle(lib.findOrThrow("nft_ctx_free"), FunctionDescriptor.ofVoid(ADDRESS));
        bufferOutput = linker.downcallHandle(lib.findOrThrow("nft_ctx_buffer_output"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        bufferError = linker.downcallHandle(lib.findOrThrow("nft_ctx_buffer_error"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        getOutputBuffer = linker.downcallHandle(lib.findOrThrow("nft_ctx_get_output_buffer"),
                FunctionDescriptor.of(ADDRESS, ADDRESS));
        getErrorBuffer = linker.downcallHandle(lib.findOrThrow("nft_ctx_get_error_buffer"),
                FunctionDescriptor.of(ADDRESS, ADDRESS));
        outputGetFlags = linker.downcallHandle(lib.findOrThrow("nft_ctx_output_get_flags"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        outputSetFlags = linker.downcallHandle(lib.findOrThrow("nft_ctx_output_set_flags"),
                FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
        runCmdFromBuffer = linker.downcallHandle(lib.findOrThrow("nft_run_cmd_from_buffer"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        setDryRun = linker.downcallHandle(lib.findOrThrow("nft_ctx_set_dry_run"),
                FunctionDescriptor.ofVoid(ADDRESS, JAVA_BOOLEAN));
        runCmdFromFilename = linker.downcallHandle(lib.findOrThrow("nft_run_cmd_from_filename"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    }

    static LibNftables get() {
        LibNftables lib = instance;
        if (lib == null) {
            synchronized (LibNftables.class) {
                if (instance == null) {
                    instance = load();
                }
                lib = instance;
            }
        }
        return lib;
    }

    private static LibNftables load() {
        try {
            return new LibNftables(SymbolLookup.libraryLookup(LIBRARY, Arena.global()));
        } catch (IllegalArgumentException e) {
            throw JnetException.unavailable(LIBRARY + " cannot be loaded (" + e.getMessage()
                    + "); install the Debian package libnftables1");
        }
    }

    /** Reads a NUL-terminated string returned by the library; NULL reads as empty. */
    static String string(MemorySegment pointer) {
        if (pointer.equals(MemorySegment.NULL)) {
            return "";
        }
        return pointer.reinterpret(Long.MAX_VALUE).getString(0);
    }
}
