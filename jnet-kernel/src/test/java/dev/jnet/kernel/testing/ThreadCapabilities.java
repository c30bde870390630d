package dev.jnet.kernel.testing;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** Drops every capability of the calling OS thread (capabilities are per thread on Linux). */
public final class ThreadCapabilities {
    private static final int VERSION_3 = 0x20080522;
    private static final MethodHandle CAPSET = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().findOrThrow("capset"), FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    private ThreadCapabilities() {}

    public static void dropAll() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment header = arena.allocate(8, 4);
            header.set(JAVA_INT, 0, VERSION_3);
            header.set(JAVA_INT, 4, 0); // this thread
            MemorySegment data = arena.allocate(24, 4); // two {effective, permitted, inheritable}, all zero
            int rc = (int) CAPSET.invokeExact(header, data);
            if (rc != 0) {
                throw new IllegalStateException("capset failed");
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
