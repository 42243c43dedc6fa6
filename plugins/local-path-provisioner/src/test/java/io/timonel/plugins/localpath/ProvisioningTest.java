package io.timonel.plugins.localpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProvisioningTest {
    static final Settings SETTINGS = Settings.from(Map.of());
    static final StorageClass LOCAL = storageClass("local-path", Settings.PROVISIONER, true);
    static final StorageClass OTHER = storageClass("fast", "example.com/fast", false);

    @Test
    void claimsOfTheLocalPathClassAreServed() {
        assertTrue(Provisioning.serves(claim("local-path"), List.of(LOCAL, OTHER)));
        assertFalse(Provisioning.serves(claim("fast"), List.of(LOCAL, OTHER)));
        assertFalse(Provisioning.serves(claim(""), List.of(LOCAL, OTHER)), "\"\" asks for no class");
        assertFalse(Provisioning.serves(claim("absent"), List.of(LOCAL, OTHER)));
    }

    @Test
    void claimsWithoutClassAreServedWhenOursIsTheOnlyDefault() {
        assertTrue(Provisioning.serves(claim(null), List.of(LOCAL, OTHER)));
        assertFalse(Provisioning.serves(claim(null), List.of(storageClass("local-path", Settings.PROVISIONER, false))));
        assertFalse(Provisioning.serves(claim(null), List.of(LOCAL, storageClass("fast", "x", true))));
    }

    @Test
    void theSelectedNodeAnnotationDecides() {
        PersistentVolumeClaim claim = claim("local-path");
        claim.getMetadata().setAnnotations(Map.of(Provisioning.SELECTED_NODE, "node-b"));
        assertEquals(Optional.of("node-b"), Provisioning.nodeFor(claim, List.of(pod("p", "node-a", "data", "2026-01-01T00:00:00Z")),
                "WaitForFirstConsumer", List.of()));
    }

    @Test
    void withoutAnnotationTheOldestScheduledConsumerDecides() {
        List<Pod> pods = List.of(
                pod("late", "node-c", "data", "2026-01-02T00:00:00Z"),
                pod("first", "node-a", "data", "2026-01-01T00:00:00Z"),
                pod("unscheduled", null, "data", "2025-01-01T00:00:00Z"),
                pod("other-claim", "node-z", "logs", "2024-01-01T00:00:00Z"));
        assertEquals(Optional.of("node-a"), Provisioning.nodeFor(claim("local-path"), pods, "WaitForFirstConsumer", List.of()));
    }

    @Test
    void withoutConsumerWaitForFirstConsumerWaitsAndImmediatePicksANode() {
        assertEquals(Optional.empty(), Provisioning.nodeFor(claim("local-path"), List.of(), "WaitForFirstConsumer",
                List.of("node-a")));
        assertEquals(Optional.of("node-a"), Provisioning.nodeFor(claim("local-path"), List.of(), "Immediate",
                List.of("node-a", "node-b")));
    }

    @Test
    void theVolumeIsAHostPathUnderTheBasePathPinnedToTheNodeAndReservedForTheClaim() {
        PersistentVolume pv = Provisioning.volumeFor(claim("local-path"), "node-a", LOCAL, SETTINGS);

        assertEquals("pvc-uid-1", pv.getMetadata().getName());
        assertEquals("/var/lib/timonel/local-path/pvc-uid-1", pv.getSpec().getHostPath().getPath());
        assertEquals("DirectoryOrCreate", pv.getSpec().getHostPath().getType());
        assertEquals(new Quantity("2Gi"), pv.getSpec().getCapacity().get("storage"));
        assertEquals(List.of("ReadWriteOnce"), pv.getSpec().getAccessModes());
        assertEquals("Delete", pv.getSpec().getPersistentVolumeReclaimPolicy());
        assertEquals("local-path", pv.getSpec().getStorageClassName());
        var expression = pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms().get(0).getMatchExpressions().get(0);
        assertEquals("kubernetes.io/hostname", expression.getKey());
        assertEquals(List.of("node-a"), expression.getValues());
        assertEquals("data", pv.getSpec().getClaimRef().getName());
        assertEquals("uid-1", pv.getSpec().getClaimRef().getUid());
        assertTrue(Provisioning.ours(pv));
    }

    @Test
    void theBasePathSettingIsUsedWithoutTrailingSlash() {
        Settings custom = Settings.from(Map.of("basePath", "/data/volumes/"));
        assertEquals("/data/volumes/pvc-uid-1",
                Provisioning.volumeFor(claim("local-path"), "n", LOCAL, custom).getSpec().getHostPath().getPath());
    }

    @Test
    void theStorageClassIsInstalledAsDefaultOnlyWhenNoOtherIs() {
        StorageClass fresh = StorageClassInstaller.desired(SETTINGS, List.of(OTHER));
        assertEquals(Settings.PROVISIONER, fresh.getProvisioner());
        assertEquals("WaitForFirstConsumer", fresh.getVolumeBindingMode());
        assertEquals("Delete", fresh.getReclaimPolicy());
        assertTrue(Provisioning.isDefault(fresh));

        assertFalse(Provisioning.isDefault(StorageClassInstaller.desired(SETTINGS,
                List.of(storageClass("fast", "x", true)))));
        assertNull(StorageClassInstaller.desired(SETTINGS, List.of(storageClass("local-path", "someone/else", false))),
                "an existing class of that name is left alone");
    }

    static PersistentVolumeClaim claim(String className) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").withNamespace("default")
                .withUid("uid-1").endMetadata().withNewSpec().withStorageClassName(className)
                .withAccessModes("ReadWriteOnce").withNewResources().addToRequests("storage", new Quantity("2Gi"))
                .endResources().endSpec().build();
    }

    static StorageClass storageClass(String name, String provisioner, boolean isDefault) {
        StorageClassBuilder b = new StorageClassBuilder().withNewMetadata().withName(name).endMetadata()
                .withProvisioner(provisioner).withVolumeBindingMode("WaitForFirstConsumer").withReclaimPolicy("Delete");
        if (isDefault) {
            b.editMetadata().addToAnnotations(Provisioning.DEFAULT_CLASS, "true").endMetadata();
        }
        return b.build();
    }

    static Pod pod(String name, String node, String claim, String created) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withCreationTimestamp(created)
                .endMetadata().withNewSpec().withNodeName(node).addNewVolume().withName("v")
                .withNewPersistentVolumeClaim().withClaimName(claim).endPersistentVolumeClaim().endVolume().endSpec().build();
    }
}
