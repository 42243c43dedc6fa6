package io.timonel.plugins.localpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.kernel.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The provisioner loaded from its jar by a real kernel: claims and pods in, volumes and bindings out. */
class LocalPathProvisionerIT {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings("local-path-provisioner", Map.of("basePath", "/srv/local-path")));
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void theStorageClassIsInstalledAsTheDefault() {
        TestCluster.await("StorageClass local-path", LIMIT,
                () -> client.storage().v1().storageClasses().withName("local-path").get() != null);
        StorageClass sc = client.storage().v1().storageClasses().withName("local-path").get();
        assertEquals("timonel.io/local-path", sc.getProvisioner());
        assertEquals("WaitForFirstConsumer", sc.getVolumeBindingMode());
        assertEquals("Delete", sc.getReclaimPolicy());
        assertEquals("true", sc.getMetadata().getAnnotations().get("storageclass.kubernetes.io/is-default-class"));
    }

    @Test
    void aClaimIsProvisionedOnItsFirstConsumersNodeBoundAndReclaimed() {
        TestCluster.await("StorageClass local-path", LIMIT,
                () -> client.storage().v1().storageClasses().withName("local-path").get() != null);
        PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace("default").resource(
                new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").endMetadata()
                        .withNewSpec().withStorageClassName("local-path").withAccessModes("ReadWriteOnce")
                        .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec()
                        .build()).create();
        String pvName = "pvc-" + claim.getMetadata().getUid();

        // WaitForFirstConsumer: nothing happens until a pod using the claim is on a node
        TestCluster.await("the WaitForFirstConsumer event", LIMIT, () -> client.v1().events().inNamespace("default")
                .list().getItems().stream().anyMatch(e -> "WaitForFirstConsumer".equals(e.getReason())
                        && "data".equals(e.getInvolvedObject().getName())));
        assertNull(client.persistentVolumes().withName(pvName).get());

        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("user").endMetadata()
                .withNewSpec().withNodeName("node-1").addNewContainer().withName("app").withImage("busybox:local")
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount().endContainer()
                .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("data")
                .endPersistentVolumeClaim().endVolume().endSpec().build()).create();

        TestCluster.await("claim Bound", LIMIT, () -> {
            PersistentVolumeClaim c = client.persistentVolumeClaims().inNamespace("default").withName("data").get();
            return c.getStatus() != null && "Bound".equals(c.getStatus().getPhase());
        });
        PersistentVolumeClaim bound = client.persistentVolumeClaims().inNamespace("default").withName("data").get();
        assertEquals(pvName, bound.getSpec().getVolumeName());
        assertEquals(new Quantity("1Gi"), bound.getStatus().getCapacity().get("storage"));
        assertEquals(List.of("ReadWriteOnce"), bound.getStatus().getAccessModes());
        PersistentVolume pv = client.persistentVolumes().withName(pvName).get();
        assertEquals("Bound", pv.getStatus().getPhase());
        assertEquals("/srv/local-path/" + pvName, pv.getSpec().getHostPath().getPath());
        assertEquals(List.of("node-1"), pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms().get(0)
                .getMatchExpressions().get(0).getValues());
        assertEquals("data", pv.getSpec().getClaimRef().getName());

        client.pods().inNamespace("default").withName("user").withGracePeriod(0).delete();
        client.persistentVolumeClaims().inNamespace("default").withName("data").delete();
        TestCluster.await("the volume deleted with its claim", LIMIT,
                () -> client.persistentVolumes().withName(pvName).get() == null);
    }

    @Test
    void aClaimWithSelectedNodeIsProvisionedThere() {
        TestCluster.await("StorageClass local-path", LIMIT,
                () -> client.storage().v1().storageClasses().withName("local-path").get() != null);
        client.persistentVolumeClaims().inNamespace("default").resource(
                new PersistentVolumeClaimBuilder().withNewMetadata().withName("selected")
                        .addToAnnotations("volume.kubernetes.io/selected-node", "node-2").endMetadata()
                        .withNewSpec().withStorageClassName("local-path").withAccessModes("ReadWriteOnce")
                        .withNewResources().addToRequests("storage", new Quantity("5Mi")).endResources().endSpec()
                        .build()).create();

        PersistentVolume pv = boundVolume("selected");
        assertEquals(List.of("node-2"), pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms().get(0)
                .getMatchExpressions().get(0).getValues());
    }

    /** The scheduler treats a claim without class as Immediate, so it is bound before any pod: on a node of the cluster. */
    @Test
    void aClaimWithoutClassIsBoundAtOnceOnANodeWithTheDefaultClass() {
        TestCluster.await("StorageClass local-path", LIMIT,
                () -> client.storage().v1().storageClasses().withName("local-path").get() != null);
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-3").endMetadata().build()).create();
        client.persistentVolumeClaims().inNamespace("default").resource(
                new PersistentVolumeClaimBuilder().withNewMetadata().withName("plain").endMetadata()
                        .withNewSpec().withAccessModes("ReadWriteOnce")
                        .withNewResources().addToRequests("storage", new Quantity("5Mi")).endResources().endSpec()
                        .build()).create();

        PersistentVolume pv = boundVolume("plain");
        assertEquals("local-path", pv.getSpec().getStorageClassName());
        assertEquals(List.of("node-3"), pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms().get(0)
                .getMatchExpressions().get(0).getValues());
    }

    private static PersistentVolume boundVolume(String claimName) {
        TestCluster.await("claim " + claimName + " Bound", LIMIT, () -> {
            PersistentVolumeClaim c = client.persistentVolumeClaims().inNamespace("default").withName(claimName).get();
            return c.getStatus() != null && "Bound".equals(c.getStatus().getPhase());
        });
        PersistentVolumeClaim bound = client.persistentVolumeClaims().inNamespace("default").withName(claimName).get();
        return client.persistentVolumes().withName(bound.getSpec().getVolumeName()).get();
    }
}
