package dev.jnet.core.driver.cni;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.Kernel;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one CNI plugin as the CNI specification says: its executable from the search path, CNI's environment,
 * its configuration on stdin, its result (or error) on stdout. It starts in the kernel's host namespace (a
 * process is born in its creating thread's network namespace), so that plugins make their host-side objects
 * on the host jnet manages. A plugin that runs longer than the timeout is killed.
 */
final class PluginRunner {
    private final Kernel kernel;
    private final CniSettings settings;

    PluginRunner(Kernel kernel, CniSettings settings) {
        this.kernel = kernel;
        this.settings = settings;
    }

    /** The plugin's executable, or INVALID naming the directories searched. */
    Path executable(String type) {
        for (Path dir : settings.path()) {
            Path file = dir.resolve(type);
            if (Files.isRegularFile(file) && Files.isExecutable(file)) {
                return file;
            }
        }
        throw JnetException.invalid("CNI plugin '" + type + "' not found in " + settings.searchPath()
                + " (jnetd --cni-path)");
    }

    /**
     * Runs {@code type} with {@code command} (ADD, DEL, CHECK) and {@code stdin}; its result when it printed
     * one. A plugin's CNI error is INVALID with its code, message and details; one that cannot be run, prints
     * no JSON or times out is UNAVAILABLE.
     */
    Optional<JsonNode> run(String command, String type, Invocation invocation, String stdin) {
        String what = "CNI plugin " + type + " (" + command + " of network " + invocation.network() + ")";
        ProcessBuilder builder = new ProcessBuilder(executable(type).toString());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("CNI_"));
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", invocation.containerId());
        env.put("CNI_NETNS", invocation.netns().toString());
        env.put("CNI_IFNAME", invocation.ifName().value());
        env.put("CNI_PATH", settings.searchPath());
        Process process = start(builder, what);
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // a plugin that exits before reading its stdin says why on stdout
        }
        int status = await(process, what);
        String output = out.join().strip();
        if (status != 0) {
            throw failure(what, status, output, err.join().strip());
        }
        if (output.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ConfList.JSON.readTree(output));
        } catch (JacksonException e) {
            throw new JnetException(ErrorKind.UNAVAILABLE, what + " printed something that is not JSON: " + abbreviate(output));
        }
    }

    private Process start(ProcessBuilder builder, String what) {
        try {
            if (kernel.hostNamespace().isProcess()) {
                return builder.start();
            }
            return kernel.executor().call(kernel.hostNamespace(), builder::start);
        } catch (IOException e) {
            throw new JnetException(ErrorKind.UNAVAILABLE, what + " cannot be started: " + e.getMessage(), e);
        }
    }

    private int await(Process process, String what) {
        try {
            if (!process.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new JnetException(ErrorKind.UNAVAILABLE, what + " did not finish within "
                        + settings.timeout().toMillis() / 1000.0 + " s and was killed (jnetd --plugin-timeout)");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new JnetException(ErrorKind.UNAVAILABLE, what + " was interrupted");
        }
    }

    private static JnetException failure(String what, int status, String output, String stderr) {
        try {
            JsonNode error = ConfList.JSON.readTree(output);
            String message = error.path("msg").asString("");
            String details = error.path("details").asString("");
            if (!message.isEmpty()) {
                return JnetException.invalid(what + " failed (code " + error.path("code").asInt(0) + "): " + message
                        + (details.isEmpty() ? "" : " (" + details + ")"));
            }
        } catch (JacksonException e) {
            // no CNI error object: the exit status and stderr say what there is
        }
        String said = !output.isEmpty() ? output : stderr;
        return new JnetException(ErrorKind.UNAVAILABLE, what + " exited with status " + status
                + (said.isEmpty() ? "" : ": " + abbreviate(said)));
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().name("cni-plugin-output").start(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        });
        return text;
    }
}
