package io.timonel.plugins.localpath;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decisions of the provisioner, as pure functions over objects: which claims it serves, on
 * which node a claim's volume goes, and what that volume looks like.
 */
final class Provisioning {
    static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
    static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";
    static final String DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";
    static final String BETA_DEFAULT_CLASS = "storageclass.beta.kubernetes.io/is-default-class";
    static final String HOSTNAME_LABEL = "kubernetes.io/hostname";

    private Provisioning() {
    }

    /**
     * Whether the claim is for this provisioner: its StorageClass names it, or it names no class
     * ({@code storageClassName} unset) and the cluster's one default class is ours (what the
     * DefaultStorageClass admission would have filled in). {@code ""} means "no class" and is
     * never ours.
     */
    static boolean serves(PersistentVolumeClaim claim, Collection<StorageClass> classes) {
        String name = claim.getSpec() == null ? null : claim.getSpec().getStorageClassName();
        if (name == null) {
            List<StorageClass> defaults = classes.stream().filter(Provisioning::isDefault).toList();
            return defaults.size() == 1 && Settings.PROVISIONER.equals(defaults.get(0).getProvisioner());
        }
        return classes.stream().anyMatch(c -> name.equals(c.getMetadata().getName())
                && Settings.PROVISIONER.equals(c.getProvisioner()));
    }

    static boolean isDefault(StorageClass c) {
        Map<String, String> a = c.getMetadata().getAnnotations();
        return a != null && ("true".equals(a.get(DEFAULT_CLASS)) || "true".equals(a.get(BETA_DEFAULT_CLASS)));
    }

    /** The class a claim uses: the one it names, else the default. */
    static Optional<StorageClass> classOf(PersistentVolumeClaim claim, Collection<StorageClass> classes) {
        String name = claim.getSpec() == null ? null : claim.getSpec().getStorageClassName();
        return classes.stream().filter(c -> name == null ? isDefault(c) : name.equals(c.getMetadata().getName()))
                .findFirst();
    }

    /** The volume's name, as Kubernetes names dynamically provisioned volumes. */
    static String volumeName(PersistentVolumeClaim claim) {
        return "pvc-" + claim.getMetadata().getUid();
    }

    /**
     * Where the claim's volume goes: the node the scheduler selected
     * ({@code volume.kubernetes.io/selected-node}); else the node of the oldest live pod bound to a
     * node that uses the claim; else, for a class binding {@code Immediate}, the first of
     * {@code nodes}. Empty: wait for a consumer.
     */
    static Optional<String> nodeFor(PersistentVolumeClaim claim, Collection<Pod> pods, String bindingMode,
                                    List<String> nodes) {
        Map<String, String> annotations = claim.getMetadata().getAnnotations();
        if (annotations != null && annotations.get(SELECTED_NODE) != null && !annotations.get(SELECTED_NODE).isEmpty()) {
            return Optional.of(annotations.get(SELECTED_NODE));
        }
        Optional<String> consumer = pods.stream()
                .filter(p -> claim.getMetadata().getNamespace().equals(p.getMetadata().getNamespace()))
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> p.getSpec() != null && p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty())
                .filter(p -> p.getStatus() == null || !List.of("Succeeded", "Failed").contains(p.getStatus().getPhase()))
                .filter(p -> uses(p, claim.getMetadata().getName()))
                .min(Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
                        .thenComparing(p -> p.getMetadata().getName()))
                .map(p -> p.getSpec().getNodeName());
        if (consumer.isPresent()) {
            return consumer;
        }
        if (!"WaitForFirstConsumer".equals(bindingMode) && !nodes.isEmpty()) {
            return Optional.of(nodes.get(0));
        }
        return Optional.empty();
    }

    static boolean uses(Pod pod, String claimName) {
        List<Volume> volumes = pod.getSpec() == null ? null : pod.getSpec().getVolumes();
        return volumes != null && volumes.stream().anyMatch(v -> v.getPersistentVolumeClaim() != null
                && claimName.equals(v.getPersistentVolumeClaim().getClaimName()));
    }

    /**
     * The volume for {@code claim} on {@code node}: a {@code hostPath} directory
     * {@code <basePath>/<volume name>} (type {@code DirectoryOrCreate}: the node agent creates it at
     * the first mount), pinned to the node, with the claim's size, access modes and volume mode,
     * already reserved for the claim ({@code claimRef}).
     */
    static PersistentVolume volumeFor(PersistentVolumeClaim claim, String node, StorageClass storageClass,
                                      Settings settings) {
        String name = volumeName(claim);
        var spec = claim.getSpec();
        Quantity size = spec.getResources() == null || spec.getResources().getRequests() == null
                ? null : spec.getResources().getRequests().get("storage");
        List<String> modes = spec.getAccessModes() == null || spec.getAccessModes().isEmpty()
                ? List.of("ReadWriteOnce") : spec.getAccessModes();
        String reclaim = storageClass == null || storageClass.getReclaimPolicy() == null
                ? "Delete" : storageClass.getReclaimPolicy();
        String className = spec.getStorageClassName() != null ? spec.getStorageClassName()
                : storageClass != null ? storageClass.getMetadata().getName() : settings.storageClass();
        return new PersistentVolumeBuilder()
                .withNewMetadata().withName(name)
                .addToAnnotations(PROVISIONED_BY, Settings.PROVISIONER)
                .endMetadata()
                .withNewSpec()
                .addToCapacity("storage", size == null ? new Quantity("1Gi") : size)
                .withAccessModes(modes)
                .withVolumeMode(spec.getVolumeMode() == null ? "Filesystem" : spec.getVolumeMode())
                .withPersistentVolumeReclaimPolicy(reclaim)
                .withStorageClassName(className)
                .withNewHostPath().withPath(settings.basePath() + "/" + name).withType("DirectoryOrCreate").endHostPath()
                .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
                .withKey(HOSTNAME_LABEL).withOperator("In").withValues(node).endMatchExpression()
                .endNodeSelectorTerm().endRequired().endNodeAffinity()
                .withClaimRef(new ObjectReferenceBuilder().withApiVersion("v1").withKind("PersistentVolumeClaim")
                        .withNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
                        .withUid(claim.getMetadata().getUid()).build())
                .endSpec()
                .build();
    }

    /** Whether the volume was made by this provisioner. */
    static boolean ours(PersistentVolume volume) {
        Map<String, String> a = volume.getMetadata().getAnnotations();
        return a != null && Settings.PROVISIONER.equals(a.get(PROVISIONED_BY));
    }
}
