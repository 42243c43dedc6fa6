package io.timonel.plugins.netiptables.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces a test creates and removes: names carry a random suffix so that parallel
 * runs never collide; {@link #close} deletes every namespace made (their veths go with them) and
 * ends every process started in them.
 */
final class NetnsLab implements AutoCloseable {
    /** What a command gave. */
    record Run(int status, String output, long millis) {
        boolean ok() {
            return status == 0;
        }
    }

    final String suffix = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    private final List<String> namespaces = new ArrayList<>();
    private int links;
    private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());

    /** Whether this process may create namespaces and has the tools. */
    static boolean usable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        try {
            return new ProcessBuilder("ip", "-V").start().waitFor() == 0
                    && new ProcessBuilder("iptables-restore", "--version").start().waitFor() == 0
                    && new ProcessBuilder("busybox", "true").start().waitFor() == 0
                    && new ProcessBuilder("curl", "--version").start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Creates namespace {@code tnt-<role><suffix>} with its loopback up. */
    String namespace(String role) {
        String name = "tnt-" + role + suffix;
        must("ip", "netns", "add", name);
        namespaces.add(name);
        must("ip", "-n", name, "link", "set", "lo", "up");
        return name;
    }

    /** A veth between two namespaces, each end with an address (CIDR notation) and up; returns the B end's name. */
    String link(String nsA, String addressA, String nsB, String addressB) {
        links++;
        String a = "tv" + links + "a" + suffix;
        String b = "tv" + links + "b" + suffix;
        must("ip", "link", "add", a, "netns", nsA, "type", "veth", "peer", "name", b, "netns", nsB);
        must("ip", "-n", nsA, "addr", "add", addressA, "dev", a);
        must("ip", "-n", nsB, "addr", "add", addressB, "dev", b);
        must("ip", "-n", nsA, "link", "set", a, "up");
        must("ip", "-n", nsB, "link", "set", b, "up");
        return b;
    }

    /** Runs a command inside {@code ns}, waiting at most 20 s. */
    Run in(String ns, String... command) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        argv.addAll(List.of(command));
        return run(argv);
    }

    /** Starts a long-running command inside {@code ns}; it is ended by {@link #close}. */
    void background(String ns, String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        argv.addAll(List.of(command));
        processes.add(new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }

    void must(String... command) {
        Run run = run(List.of(command));
        if (!run.ok()) {
            throw new IllegalStateException(String.join(" ", command) + ": " + run.output());
        }
    }

    static Run run(List<String> argv) {
        long start = System.nanoTime();
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(-1, "timed out", 20_000);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Run(p.exitValue(), out, (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            return new Run(-1, e.getMessage(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(-1, "interrupted", 0);
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (String ns : namespaces) {
            run(List.of("ip", "netns", "delete", ns));
        }
    }
}
