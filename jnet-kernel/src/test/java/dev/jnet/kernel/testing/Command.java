package dev.jnet.kernel.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a program (an independent observer such as {@code ip -j}) and captures what it printed. */
public final class Command {
    private Command() {}

    /** What a program printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
        public Result orFail(List<String> command) {
            if (exitCode != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + exitCode + ": " + stderr + stdout);
            }
            return this;
        }
    }

    public static Result run(List<String> command) {
        return run(new ProcessBuilder(command));
    }

    /** Runs what {@code builder} describes (its environment, say), with no input. */
    public static Result run(ProcessBuilder builder) {
        List<String> command = builder.command();
        try {
            Process p = builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public static Result run(String... command) {
        return run(List.of(command));
    }

    /** Runs and fails the test unless the program exits 0. */
    public static String check(String... command) {
        return run(List.of(command)).orFail(List.of(command)).stdout();
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
