package io.timonel.kernel.controller;

import static io.timonel.kernel.testing.TestCluster.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.kernel.testing.TestCluster;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Controllers run only while this server holds the kube-system/timonel-controllers Lease. */
class LeaderElectionIT {

    @Test
    void controllersStopWhileAnotherCandidateHoldsTheLeaseAndComeBackWhenItIsFree() throws Exception {
        try (TestCluster cluster = TestCluster.start()) {
            KubernetesClient client = cluster.client();
            var leases = client.leases().inNamespace("kube-system").withName("timonel-controllers");
            await("this server to hold the lease", Duration.ofSeconds(10), () -> leases.get() != null);
            String self = leases.get().getSpec().getHolderIdentity();
            assertTrue(self.endsWith("_" + cluster.kernel().url().getPort()), self);
            assertEcho(client, "before", true);

            // another server takes the lease over and keeps renewing it far ahead
            leases.edit(lease -> {
                lease.getSpec().setHolderIdentity("another-server_6443");
                lease.getSpec().setLeaseDurationSeconds(3600);
                lease.getSpec().setRenewTime(ZonedDateTime.now());
                return lease;
            });
            // past the renew deadline (10 s) this server has stopped its controllers
            Thread.sleep(12_500);
            assertEcho(client, "while-away", false);

            leases.delete();
            await("this server to lead again", Duration.ofSeconds(10),
                    () -> leases.get() != null && self.equals(leases.get().getSpec().getHolderIdentity()));
            assertEcho(client, "after", true);
        }
    }

    private static void assertEcho(KubernetesClient client, String name, boolean expected) throws Exception {
        var configMap = client.configMaps().inNamespace("default").withName(name);
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName(name).addToLabels("echo", "true")
                .endMetadata().withData(Map.of("value", name)).build()).create();
        if (expected) {
            await("the echo controller to answer", Duration.ofSeconds(15),
                    () -> name.equals(configMap.get().getData().get("echo")));
        } else {
            Thread.sleep(2_000);
            assertFalse(configMap.get().getData().containsKey("echo"), "no controller runs without the lease");
        }
    }
}
