package dev.jnet.daemon.api;

import dev.jnet.kernel.testing.Command;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** contrib/jnet-cni answers VERSION itself: with jnetd's list, and the configuration's cniVersion. */
class CniScriptTest {
    private static final Path SCRIPT = Path.of("..", "contrib", "jnet-cni").toAbsolutePath().normalize();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode version(String stdin) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", SCRIPT.toString());
        builder.environment().put("CNI_COMMAND", "VERSION");
        builder.environment().put("JNET_SOCKET", "/nonexistent/jnet.sock"); // never asked
        Process p = builder.start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return JSON.readTree(out);
    }

    @Test
    void versionListsWhatJnetdSupportsWithoutAskingIt() throws Exception {
        JsonNode answer = version("{\n  \"cniVersion\": \"0.4.0\",\n  \"name\": \"web\"\n}\n");
        List<String> listed = new ArrayList<>();
        answer.path("supportedVersions").forEach(v -> listed.add(v.asString()));
        assertThat(listed).isEqualTo(CniPlugin.SUPPORTED);
        assertThat(answer.path("cniVersion").asString()).isEqualTo("0.4.0");
        assertThat(version("{\"cniVersion\":\"1.1.0\"}").path("cniVersion").asString()).as("no newline at the end").isEqualTo("1.1.0");
        assertThat(version("").path("cniVersion").asString()).isEqualTo("1.0.0");
        assertThat(Command.run("sh", "-n", SCRIPT.toString()).exitCode()).as("the script parses").isZero();
    }
}
