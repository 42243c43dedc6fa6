package io.timonel.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child process together with its descendants: a launcher script may run the JVM as its own
 * child, and stopping or measuring only the script would miss the server.
 */
final class ProcessTree {

    private ProcessTree() {
    }

    /**
     * Asks the process and its descendants to stop (SIGTERM), waits up to {@code grace}, then
     * kills whatever is left.
     */
    static void stop(ProcessHandle root, Duration grace) {
        List<ProcessHandle> all = new ArrayList<>();
        root.descendants().forEach(all::add);
        all.add(root);
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle p : all) {
            long left = deadline - System.nanoTime();
            try {
                p.onExit().get(Math.max(left, 1), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // killed below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (ProcessHandle p : all) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        CompletableFuture.allOf(all.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, 5, TimeUnit.SECONDS).join();
    }

    /** Resident memory of the process and its descendants, in KiB, from /proc; empty when unreadable. */
    static OptionalLong residentKib(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        long total = 0;
        boolean any = false;
        for (ProcessHandle p : all) {
            try {
                OptionalLong rss = vmRssKib(Files.readString(Path.of("/proc", Long.toString(p.pid()), "status")));
                if (rss.isPresent()) {
                    total += rss.getAsLong();
                    any = true;
                }
            } catch (IOException e) {
                // the process ended meanwhile
            }
        }
        return any ? OptionalLong.of(total) : OptionalLong.empty();
    }

    /** The {@code VmRSS} line of a /proc/PID/status text, in KiB. */
    static OptionalLong vmRssKib(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                try {
                    long value = Long.parseLong(parts[0]);
                    String unit = parts.length > 1 ? parts[1] : "kB";
                    return OptionalLong.of(switch (unit) {
                        case "kB" -> value;
                        case "mB", "MB" -> value * 1024;
                        case "gB", "GB" -> value * 1024 * 1024;
                        default -> value;
                    });
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
