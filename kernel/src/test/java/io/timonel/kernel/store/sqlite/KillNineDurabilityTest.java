package io.timonel.kernel.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.spi.store.KeyValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process writing to the store with SIGKILL in the middle of its load, then checks that
 * the store holds every write the process saw acknowledged, and nothing but those and the writes
 * still in flight (at most one per writer thread).
 */
class KillNineDurabilityTest {
    private static final int THREADS = 16;
    private static final int ACKS_BEFORE_KILL = 3000;

    @TempDir
    Path directory;

    private record Ack(String key, long revision) {
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyAcknowledgedWriteSurvivesKillNine() throws Exception {
        Path file = directory.resolve("state.db");
        Path childErrors = directory.resolve("child.err");
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                DurabilityWorkload.class.getName(), file.toString(), Integer.toString(THREADS))
                .redirectError(childErrors.toFile())
                .start();
        Map<String, Ack> acks = new ConcurrentHashMap<>();
        CountDownLatch enough = new CountDownLatch(ACKS_BEFORE_KILL);
        Thread reader = new Thread(() -> readAcks(child, acks, enough), "ack-reader");
        reader.start();

        boolean loaded = enough.await(60, TimeUnit.SECONDS);
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
        reader.join(TimeUnit.SECONDS.toMillis(10));
        assertTrue(loaded, "child acknowledged only " + acks.size() + " writes; its stderr:\n"
                + Files.readString(childErrors));

        try (SqliteStoreBackend store = SqliteStoreBackend.open(file)) {
            for (Ack ack : acks.values()) {
                KeyValue kv = store.get(ack.key());
                assertNotNull(kv, "acknowledged write lost: " + ack);
                assertEquals(DurabilityWorkload.value(ack.key()), new String(kv.value(), StandardCharsets.UTF_8));
                assertEquals(ack.revision(), kv.modRevision(), "revision of " + ack.key());
            }
            Map<Integer, Integer> lastAcked = lastAckedIndexPerThread(acks);
            List<KeyValue> present = store.range("/load/", null, 0).items();
            int inFlight = 0;
            for (KeyValue kv : present) {
                if (acks.containsKey(kv.key())) {
                    continue;
                }
                // Not acknowledged: only the write its thread had in flight when killed may be here.
                int[] threadAndIndex = parse(kv.key());
                assertEquals(lastAcked.getOrDefault(threadAndIndex[0], -1) + 1, threadAndIndex[1],
                        "unexpected unacknowledged key " + kv.key());
                assertEquals(DurabilityWorkload.value(kv.key()), new String(kv.value(), StandardCharsets.UTF_8));
                inFlight++;
            }
            assertTrue(inFlight <= THREADS, inFlight + " unacknowledged writes, more than the writer threads");
            assertEquals(present.size(), store.currentRevision(), "every revision is one of the keys present");
        }
    }

    private static void readAcks(Process child, Map<String, Ack> acks, CountDownLatch enough) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] parts = line.split(" ");
                // A line cut short by the kill lacks its "$": that write was never acknowledged.
                if (parts.length == 4 && parts[0].equals("ACK") && parts[3].equals("$")) {
                    acks.put(parts[1], new Ack(parts[1], Long.parseLong(parts[2])));
                    enough.countDown();
                }
            }
        } catch (IOException e) {
            // The child died; what was read is what was acknowledged.
        }
    }

    private static Map<Integer, Integer> lastAckedIndexPerThread(Map<String, Ack> acks) {
        Map<Integer, Integer> last = new HashMap<>();
        for (String key : acks.keySet()) {
            int[] threadAndIndex = parse(key);
            last.merge(threadAndIndex[0], threadAndIndex[1], Math::max);
        }
        return last;
    }

    /** {@code /load/t<thread>/<index>} as {thread, index}. */
    private static int[] parse(String key) {
        String[] parts = key.split("/");
        return new int[] {Integer.parseInt(parts[2].substring(1)), Integer.parseInt(parts[3])};
    }
}
