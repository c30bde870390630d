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
 * on the host jnet manages. A plugin that runs longer than the timeout (its output and what it started
 * included) is killed.
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
     * one. A plugin's CNI error is a {@link CniError} with its code, message and details; one that cannot be
     * run, prints no JSON or times out is UNAVAILABLE.
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
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        feed(process.getOutputStream(), stdin); // on a thread of its own: a plugin that does not read cannot block us
        int status = await(process, deadline, what);
        String output = rest(out, process, deadline, what).strip();
        if (status != 0) {
            throw failure(what, status, output, rest(err, process, deadline, what).strip());
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

    private int await(Process process, long deadline, String what) {
        try {
            if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw killed(process, what);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new JnetException(ErrorKind.UNAVAILABLE, what + " was interrupted");
        }
    }

    /** What the plugin printed, once its output ends (a child it left holding the pipe is killed at the deadline). */
    private String rest(CompletableFuture<String> output, Process process, long deadline, String what) {
        try {
            return output.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw killed(process, what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JnetException(ErrorKind.UNAVAILABLE, what + " was interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            return "";
        }
    }

    private JnetException killed(Process process, String what) {
        kill(process);
        return new JnetException(ErrorKind.UNAVAILABLE, what + " did not finish within "
                + settings.timeout().toMillis() / 1000.0 + " s and was killed (jnetd --plugin-timeout)");
    }

    /** The plugin and what it started: a child that keeps its stdout open would keep us waiting. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void feed(OutputStream in, String stdin) {
        Thread.ofVirtual().name("cni-plugin-input").start(() -> {
            try (in) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // a plugin that exits before reading its stdin says why on stdout
            }
        });
    }

    private static JnetException failure(String what, int status, String output, String stderr) {
        try {
            JsonNode error = ConfList.JSON.readTree(output);
            String message = error.path("msg").asString("");
            String details = error.path("details").asString("");
            if (!message.isEmpty()) {
                int code = error.path("code").asInt(0);
                return new CniError(code, what + " failed (code " + code + "): " + message
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
