package io.timonel.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The etcd half of the benchmark against a real etcd (skipped when none is installed): starts
 * it on loopback, runs the write workload briefly, and stops it.
 */
class EtcdWriteWorkloadTest {

    @Test
    void writeWorkloadRunsAgainstALocalEtcdWhichIsStoppedAfterwards(@TempDir Path dir) throws Exception {
        assumeTrue(EtcdServer.executable().isPresent(), EtcdServer.INSTALL_HINT);

        EtcdServer etcd = EtcdServer.start(dir.resolve("etcd"), Duration.ofSeconds(15));
        WriteWorkload.Results results;
        try {
            assertTrue(etcd.version().startsWith("3."), etcd.version());
            EtcdGateway gateway = new EtcdGateway(etcd.url(), new HttpPool(null, 2));
            results = new WriteWorkload(new ClosedLoopLoad(Thread::new, System::nanoTime))
                    .run(new EtcdWrites(gateway), 4, Budget.time(Duration.ofSeconds(1)));

            EtcdGateway.Write stale = gateway.compareAndPut(0, "/registry/configmaps/bench/" + WriteWorkload.PREFIX + "0",
                    "x", "1");
            assertTrue(stale.failure() != null && stale.failure().startsWith("compare failed"), String.valueOf(stale));
        } finally {
            etcd.close();
        }

        assertTrue(results.create().succeeded() > 0, "no creates");
        assertEquals(0, results.create().failed(), results.create().firstFailure());
        assertTrue(results.update().succeeded() > 0, "no updates");
        assertEquals(0, results.update().failed(), results.update().firstFailure());
        assertFalse(answers(etcd), "etcd still answers after close");
    }

    private static boolean answers(EtcdServer etcd) {
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(etcd.url().resolve("/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
