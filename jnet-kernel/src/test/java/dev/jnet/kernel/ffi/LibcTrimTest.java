package dev.jnet.kernel.ffi;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LibcTrimTest {
    private static final int CHUNKS = 64 * 1024;
    private static final int CHUNK_BYTES = 1024;

    @Test
    void mallocTrimHandsMemoryThatMallocHoldsFreeBackToTheKernel() throws IOException {
        try (Arena arena = Arena.ofConfined()) { // 64 MiB in 1 KiB blocks: malloc keeps them once freed
            for (int i = 0; i < CHUNKS; i++) {
                arena.allocate(CHUNK_BYTES).fill((byte) 1);
            }
        }
        long before = rssAnonKib();
        Libc.mallocTrim();
        long after = rssAnonKib();

        assertThat(before - after).as("RssAnon %d KiB before the trim, %d after", before, after).isGreaterThan(16 * 1024);
    }

    private static long rssAnonKib() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("RssAnon:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
    }
}
