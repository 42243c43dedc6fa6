package io.timonel.cli.bench;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories for benchmark workers: daemon threads, so a stuck request never keeps the JVM alive. */
final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Threads named {@code prefix0}, {@code prefix1}, … */
    static ThreadFactory named(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + next.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }
}
