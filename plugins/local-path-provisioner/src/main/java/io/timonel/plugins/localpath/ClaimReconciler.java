package io.timonel.plugins.localpath;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provisions and binds the claims this provisioner serves, and deletes the volumes whose claims
 * are gone. There is no PersistentVolume binder elsewhere in Timonel, so the provisioner binds
 * its own volumes, in the PV controller's order: the volume is created already reserved for the
 * claim ({@code claimRef}), then marked {@code Bound}; then the claim gets {@code volumeName},
 * then {@code status.phase: Bound} with capacity and access modes. Every step is idempotent, so an
 * interrupted binding is finished by the next reconciliation. Reads the informers' caches,
 * writes through the client; called by one worker thread.
 */
final class ClaimReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(ClaimReconciler.class);
    static final String BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
    static final String BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
    static final String STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
    static final String BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner";

    private final KubernetesClient client;
    private final Store<PersistentVolumeClaim> claims;
    private final Store<PersistentVolume> volumes;
    private final Store<Pod> pods;
    private final Store<StorageClass> classes;
    private final Settings settings;
    private final ClaimEvents events;

    ClaimReconciler(KubernetesClient client, Store<PersistentVolumeClaim> claims, Store<PersistentVolume> volumes,
                    Store<Pod> pods, Store<StorageClass> classes, Settings settings, ClaimEvents events) {
        this.client = client;
        this.claims = claims;
        this.volumes = volumes;
        this.pods = pods;
        this.classes = classes;
        this.settings = settings;
        this.events = events;
    }

    /** Brings the claim {@code namespace/name} to Bound on a volume of its own, once it has a node. */
    Reconciled claim(String key) {
        PersistentVolumeClaim claim = claims.getByKey(key);
        if (claim == null || claim.getMetadata().getDeletionTimestamp() != null) {
            return Reconciled.done();
        }
        List<StorageClass> allClasses = classes.list();
        String bound = claim.getSpec().getVolumeName();
        String name = Provisioning.volumeName(claim);
        if (bound != null && !bound.isEmpty() && !bound.equals(name)) {
            return Reconciled.done(); // bound to a volume someone else made
        }
        if ((bound == null || bound.isEmpty()) && !Provisioning.serves(claim, allClasses)) {
            return Reconciled.done();
        }
        if ("Block".equals(claim.getSpec().getVolumeMode())) {
            events.warning(claim, "ProvisioningFailed", "local-path volumes are directories: volumeMode Block is not supported");
            return Reconciled.done();
        }
        try {
            PersistentVolume volume = volumes.getByKey(name);
            if (volume == null) {
                Optional<StorageClass> storageClass = Provisioning.classOf(claim, allClasses);
                // A claim naming no class binds Immediate: no admission here fills in the default class,
                // and the scheduler waits for such claims to be bound before it places their pods.
                String mode = claim.getSpec().getStorageClassName() == null ? "Immediate"
                        : storageClass.map(StorageClass::getVolumeBindingMode).orElse("Immediate");
                Optional<String> node = Provisioning.nodeFor(claim, pods.list(), mode, readyNodes(mode));
                if (node.isEmpty()) {
                    events.normal(claim, "WaitForFirstConsumer", "waiting for first consumer to be created before binding");
                    return Reconciled.done(); // a pod using it will enqueue the claim
                }
                volume = create(Provisioning.volumeFor(claim, node.get(), storageClass.orElse(null), settings));
                events.normal(claim, "ProvisioningSucceeded", "Successfully provisioned volume " + name + " on node "
                        + node.get());
            }
            markVolumeBound(volume);
            bindClaim(claim, volume);
            return Reconciled.done();
        } catch (KubernetesClientException e) {
            LOG.debug("local-path: claim {}: {}", key, e.getMessage());
            return Reconciled.retry();
        }
    }

    /** Deletes (reclaim policy Delete) or releases (Retain) a volume of ours whose claim is gone. */
    Reconciled volume(String name) {
        PersistentVolume volume = volumes.getByKey(name);
        if (volume == null || !Provisioning.ours(volume) || volume.getMetadata().getDeletionTimestamp() != null) {
            return Reconciled.done();
        }
        var ref = volume.getSpec().getClaimRef();
        if (ref == null) {
            return Reconciled.done();
        }
        try {
            PersistentVolumeClaim cached = claims.getByKey(ref.getNamespace() + "/" + ref.getName());
            if (cached != null && cached.getMetadata().getUid().equals(ref.getUid())) {
                return Reconciled.done();
            }
            // the cache may lag behind: ask the API server before deleting anything
            PersistentVolumeClaim live = client.persistentVolumeClaims().inNamespace(ref.getNamespace())
                    .withName(ref.getName()).get();
            if (live != null && live.getMetadata().getUid().equals(ref.getUid())) {
                return Reconciled.done();
            }
            if ("Delete".equals(volume.getSpec().getPersistentVolumeReclaimPolicy())) {
                // the directory stays on the node: the agent that owns the disk may clean it up
                client.persistentVolumes().withName(name).delete();
                LOG.info("local-path: deleted volume {} (claim {}/{} is gone)", name, ref.getNamespace(), ref.getName());
            } else if (!"Released".equals(phase(volume))) {
                volume.setStatus(volume.getStatus() == null ? new io.fabric8.kubernetes.api.model.PersistentVolumeStatus()
                        : volume.getStatus());
                volume.getStatus().setPhase("Released");
                client.persistentVolumes().resource(volume).updateStatus();
            }
            return Reconciled.done();
        } catch (KubernetesClientException e) {
            LOG.debug("local-path: volume {}: {}", name, e.getMessage());
            return Reconciled.retry();
        }
    }

    private PersistentVolume create(PersistentVolume volume) {
        try {
            return client.persistentVolumes().resource(volume).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            PersistentVolume existing = client.persistentVolumes().withName(volume.getMetadata().getName()).get();
            if (existing == null) {
                throw e;
            }
            return existing;
        }
    }

    private void markVolumeBound(PersistentVolume volume) {
        if ("Bound".equals(phase(volume))) {
            return;
        }
        PersistentVolume fresh = client.persistentVolumes().withName(volume.getMetadata().getName()).get();
        if (fresh == null || "Bound".equals(phase(fresh))) {
            return;
        }
        if (fresh.getStatus() == null) {
            fresh.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeStatus());
        }
        fresh.getStatus().setPhase("Bound");
        client.persistentVolumes().resource(fresh).updateStatus();
    }

    private void bindClaim(PersistentVolumeClaim cached, PersistentVolume volume) {
        String name = volume.getMetadata().getName();
        boolean specDone = name.equals(cached.getSpec().getVolumeName());
        boolean statusDone = cached.getStatus() != null && "Bound".equals(cached.getStatus().getPhase());
        if (specDone && statusDone) {
            return;
        }
        PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(cached.getMetadata().getNamespace())
                .withName(cached.getMetadata().getName()).get();
        if (claim == null || !claim.getMetadata().getUid().equals(cached.getMetadata().getUid())) {
            return; // gone meanwhile: the volume is reclaimed by its own reconciliation
        }
        if (!name.equals(claim.getSpec().getVolumeName())) {
            Map<String, String> annotations = new HashMap<>(claim.getMetadata().getAnnotations() == null
                    ? Map.of() : claim.getMetadata().getAnnotations());
            annotations.put(BIND_COMPLETED, "yes");
            annotations.put(BOUND_BY_CONTROLLER, "yes");
            annotations.put(STORAGE_PROVISIONER, Settings.PROVISIONER);
            annotations.put(BETA_STORAGE_PROVISIONER, Settings.PROVISIONER);
            claim.getMetadata().setAnnotations(annotations);
            claim.getSpec().setVolumeName(name);
            claim = client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace()).resource(claim).update();
        }
        if (claim.getStatus() == null || !"Bound".equals(claim.getStatus().getPhase())) {
            if (claim.getStatus() == null) {
                claim.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus());
            }
            claim.getStatus().setPhase("Bound");
            claim.getStatus().setCapacity(volume.getSpec().getCapacity());
            claim.getStatus().setAccessModes(volume.getSpec().getAccessModes());
            client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace()).resource(claim).updateStatus();
            LOG.info("local-path: claim {}/{} bound to {}", claim.getMetadata().getNamespace(),
                    claim.getMetadata().getName(), name);
        }
    }

    /** For Immediate binding only: the Ready nodes by name (read when needed, which is rare). */
    private List<String> readyNodes(String bindingMode) {
        if ("WaitForFirstConsumer".equals(bindingMode)) {
            return List.of();
        }
        return client.nodes().list().getItems().stream()
                .filter(n -> n.getSpec() == null || !Boolean.TRUE.equals(n.getSpec().getUnschedulable()))
                .sorted(java.util.Comparator.comparing((Node n) -> !ready(n)).thenComparing(n -> n.getMetadata().getName()))
                .map(n -> n.getMetadata().getName()).toList();
    }

    private static boolean ready(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        for (NodeCondition c : node.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    private static String phase(PersistentVolume volume) {
        return volume.getStatus() == null ? null : volume.getStatus().getPhase();
    }
}
