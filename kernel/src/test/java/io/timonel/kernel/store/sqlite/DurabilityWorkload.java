package io.timonel.kernel.store.sqlite;

import io.timonel.spi.store.WriteResult;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The child process of {@link KillNineDurabilityTest}: opens the store and creates keys from
 * several threads until it is killed, printing each write only after the store acknowledged it.
 *
 * <p>Thread {@code t} creates {@code /load/t<t>/<i>} for i = 0, 1, 2, … with the value
 * {@link #value(String)}; each acknowledgement is one line {@code ACK <key> <revision> $}, the
 * trailing {@code $} marking a line that was written in full.
 */
public final class DurabilityWorkload {

    private DurabilityWorkload() {
    }

    /** Arguments: the database file and the number of writer threads. */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        SqliteStoreBackend store = SqliteStoreBackend.open(file);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        for (int t = 0; t < threads; t++) {
            String prefix = key(t, 0).substring(0, key(t, 0).lastIndexOf('/') + 1);
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; ; i++) {
                        String key = prefix + i;
                        WriteResult result = store.create(key, value(key).getBytes(StandardCharsets.UTF_8));
                        if (!(result instanceof WriteResult.Written written)) {
                            throw new IllegalStateException("unexpected " + result);
                        }
                        synchronized (out) {
                            out.println("ACK " + key + " " + written.kv().modRevision() + " $");
                            out.flush();
                        }
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                    System.exit(2);
                }
            }, "writer-" + t);
            writer.start();
        }
        new CountDownLatch(1).await();
    }

    static String key(int thread, int index) {
        return "/load/t" + thread + "/" + index;
    }

    static String value(String key) {
        return "value of " + key;
    }
}
