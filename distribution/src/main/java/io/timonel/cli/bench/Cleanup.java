package io.timonel.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What the benchmark must undo — child processes, temporary folders, namespaces — run in reverse
 * order exactly once: at the end of the run, or from the JVM shutdown hook on Ctrl-C.
 */
final class Cleanup implements AutoCloseable {

    /** One undo step. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private record Named(String what, Step step) {
    }

    private final Deque<Named> steps = new ArrayDeque<>();
    private final PrintStream log;
    private final Thread hook = new Thread(this::runAll, "bench-cleanup");
    private boolean hooked;

    /** @param log where failures of undo steps are reported */
    Cleanup(PrintStream log) {
        this.log = log;
    }

    /** Registers the shutdown hook, so that Ctrl-C still stops children and removes folders. */
    synchronized Cleanup onShutdown() {
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(hook);
            hooked = true;
        }
        return this;
    }

    /** Adds a step, run before those added earlier. */
    synchronized void add(String what, Step step) {
        steps.push(new Named(what, step));
    }

    /** Runs every step not yet run; a failing step is reported and the others still run. */
    synchronized void runAll() {
        while (!steps.isEmpty()) {
            Named next = steps.pop();
            try {
                next.step().run();
            } catch (Exception e) {
                log.println("cleanup: could not " + next.what() + ": " + e);
            }
        }
    }

    @Override
    public void close() {
        runAll();
        synchronized (this) {
            if (hooked) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // already shutting down: the hook is running or ran
                }
                hooked = false;
            }
        }
    }

    /** Deletes a folder tree; missing is fine. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
