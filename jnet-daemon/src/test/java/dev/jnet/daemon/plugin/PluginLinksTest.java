package dev.jnet.daemon.plugin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PluginLinksTest {
    @TempDir
    Path state;

    @Test
    void linksSurviveAReload() {
        PluginLinks.in(state).link("docker-a", "jnet-1");

        assertThat(PluginLinks.in(state).networkOf("docker-a")).contains("jnet-1");
    }

    @Test
    void anUnreadableFileIsKeptAsideAndTheLinksStartEmpty() throws Exception {
        Files.writeString(state.resolve(PluginLinks.FILE), "{\"docker-a\": \"jnet-1\", trunc");

        PluginLinks links = PluginLinks.in(state);

        assertThat(links.networkOf("docker-a")).isEmpty();
        assertThat(state.resolve(PluginLinks.FILE + ".unreadable")).hasContent("{\"docker-a\": \"jnet-1\", trunc");
        links.link("docker-b", "jnet-2");
        assertThat(PluginLinks.in(state).networkOf("docker-b")).contains("jnet-2");
    }
}
