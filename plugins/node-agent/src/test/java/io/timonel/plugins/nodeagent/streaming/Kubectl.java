package io.timonel.plugins.nodeagent.streaming;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real kubectl v1.33 against a kubeconfig. */
final class Kubectl {
    static final Path BINARY = Path.of(System.getenv().getOrDefault("KUBECTL",
            "/usr/lib/google-cloud-sdk/bin/kubectl.1.33"));

    private final Path kubeconfig;
    private final Path cacheDir;

    Kubectl(Path kubeconfig) throws IOException {
        this.kubeconfig = kubeconfig;
        this.cacheDir = Files.createTempDirectory("kubectl-cache");
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    record Result(int code, String out, String err) {
    }

    List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", cacheDir.toString()));
        command.addAll(List.of(args));
        return command;
    }

    Result run(String... args) {
        return run(null, Map.of(), args);
    }

    /** Runs to the end (60 s at most) with {@code input} piped to stdin (then EOF) and extra environment. */
    Result run(String input, Map<String, String> env, String... args) {
        return runCommand(command(args), input, env);
    }

    static Result runCommand(List<String> command, String input, Map<String, String> env) {
        try {
            Path out = Files.createTempFile("kubectl", ".out");
            Path err = Files.createTempFile("kubectl", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process p = builder.start();
            if (input != null) {
                p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(124, Files.readString(out), "timed out: " + command + "\n" + Files.readString(err));
            }
            Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
