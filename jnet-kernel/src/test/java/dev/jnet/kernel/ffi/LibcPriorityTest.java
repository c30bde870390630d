package dev.jnet.kernel.ffi;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** setThreadNice changes the calling thread only, as the kernel's own /proc view shows. */
class LibcPriorityTest {
    /** Field 19 of /proc/thread-self/stat, after the parenthesised command name. */
    private static int ownNice() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }

    @Test
    void aThreadsNiceValueChangesForThatThreadOnly() throws Exception {
        int mine = ownNice();
        int other = CompletableFuture.supplyAsync(() -> {
            try {
                assertThat(Libc.setThreadNice(7)).isTrue();
                return ownNice();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofPlatform().start(r)).get();

        assertThat(other).isEqualTo(7);
        assertThat(ownNice()).as("the calling thread is untouched").isEqualTo(mine);
    }
}
