package io.timonel.plugins.localpath;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.timonel.spi.controller.Controller;
import io.timonel.spi.controller.ControllerContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic local PersistentVolumes, like Rancher's local-path-provisioner, as a leader-run
 * controller named {@code local-path-provisioner}. At start it installs its StorageClass
 * ({@link StorageClassInstaller}); then it watches claims, volumes, pods and classes, and one
 * worker thread reconciles claim keys ({@code pvc:<ns>/<name>}) and volume keys ({@code pv:<name>})
 * through a {@link ClaimReconciler}. Settings ({@code controllers.local-path-provisioner.*}):
 * {@code basePath}, {@code storageClass}, {@code defaultClass} (see {@link Settings}).
 *
 * <p>The volume's directory is created by the node agent when a pod first mounts it (hostPath type
 * {@code DirectoryOrCreate}); when a volume is deleted its directory is left on the node.
 */
@Extension
public final class LocalPathProvisioner implements Controller {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPathProvisioner.class);
    private static final long RESYNC_MILLIS = 60_000;
    private static final String CLAIM = "pvc:";
    private static final String VOLUME = "pv:";

    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private volatile boolean stopped;
    private volatile SharedIndexInformer<PersistentVolumeClaim> claimStore;
    private KubernetesClient client;
    private ScheduledExecutorService timers;
    private WorkQueue queue;
    private Thread worker;

    @Override
    public String name() {
        return "local-path-provisioner";
    }

    @Override
    public void start(ControllerContext context) {
        stopped = false;
        Settings settings = Settings.from(context.config());
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(context.api().kubeconfig())).build();
        timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "local-path-provisioner-timers"));
        queue = new WorkQueue(timers);
        ClaimEvents events = new ClaimEvents(client, context.clock());
        worker = daemon(() -> run(settings, events), "local-path-provisioner");
        worker.start();
    }

    private void run(Settings settings, ClaimEvents events) {
        for (int attempt = 1; !stopped; attempt++) {
            try {
                StorageClassInstaller.install(client, settings);
                break;
            } catch (RuntimeException e) {
                LOG.warn("local-path-provisioner: cannot install StorageClass {} (attempt {}): {}",
                        settings.storageClass(), attempt, e.toString());
                if (!pause(Reconciled.backoff(attempt).toMillis())) {
                    return;
                }
            }
        }
        ClaimReconciler reconciler;
        try {
            SharedIndexInformer<PersistentVolumeClaim> claims = inform(client.persistentVolumeClaims().inAnyNamespace()
                    .runnableInformer(RESYNC_MILLIS), this::enqueueClaim);
            SharedIndexInformer<PersistentVolume> volumes = inform(client.persistentVolumes()
                    .runnableInformer(RESYNC_MILLIS), v -> queue.add(VOLUME + v.getMetadata().getName()));
            SharedIndexInformer<Pod> pods = inform(client.pods().inAnyNamespace().runnableInformer(0), this::enqueueClaimsOf);
            SharedIndexInformer<StorageClass> classes = inform(client.storage().v1().storageClasses()
                    .runnableInformer(0), c -> claimsNow().forEach(this::enqueueClaim));
            for (SharedIndexInformer<?> informer : informers) {
                informer.start().toCompletableFuture().get();
            }
            reconciler = new ClaimReconciler(client, claims.getStore(), volumes.getStore(), pods.getStore(),
                    classes.getStore(), settings, events);
            this.claimStore = claims;
        } catch (Exception e) {
            if (!stopped) {
                LOG.error("local-path-provisioner: informers did not start; not provisioning", e);
            }
            return;
        }
        LOG.info("local-path-provisioner: serving StorageClass {} under {}", settings.storageClass(), settings.basePath());
        Map<String, Integer> failures = new HashMap<>();
        while (!stopped) {
            String key;
            try {
                key = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (key == null) {
                return;
            }
            Reconciled result;
            try {
                result = key.startsWith(CLAIM) ? reconciler.claim(key.substring(CLAIM.length()))
                        : reconciler.volume(key.substring(VOLUME.length()));
            } catch (RuntimeException e) {
                LOG.warn("local-path-provisioner: {} failed", key, e);
                result = Reconciled.retry();
            } finally {
                queue.done(key);
            }
            if (result.requeue()) {
                int attempt = failures.merge(key, 1, Integer::sum);
                queue.addAfter(key, Reconciled.backoff(attempt));
            } else {
                failures.remove(key);
            }
        }
    }

    private List<PersistentVolumeClaim> claimsNow() {
        SharedIndexInformer<PersistentVolumeClaim> claims = claimStore;
        return claims == null ? List.of() : claims.getStore().list();
    }

    private void enqueueClaim(PersistentVolumeClaim claim) {
        queue.add(CLAIM + claim.getMetadata().getNamespace() + "/" + claim.getMetadata().getName());
        // a deleted claim frees its volume: look at the volume too
        queue.add(VOLUME + Provisioning.volumeName(claim));
    }

    private void enqueueClaimsOf(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getVolumes() == null || pod.getSpec().getNodeName() == null) {
            return;
        }
        pod.getSpec().getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
                .forEach(v -> queue.add(CLAIM + pod.getMetadata().getNamespace() + "/"
                        + v.getPersistentVolumeClaim().getClaimName()));
    }

    private <T extends HasMetadata> SharedIndexInformer<T> inform(SharedIndexInformer<T> informer, Consumer<T> onAny) {
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                onAny.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                onAny.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                onAny.accept(obj);
            }
        });
        informers.add(informer);
        return informer;
    }

    private boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return !stopped;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void stop() {
        stopped = true;
        if (queue != null) {
            queue.close();
        }
        if (worker != null) {
            worker.interrupt();
        }
        informers.forEach(SharedIndexInformer::close);
        informers.clear();
        claimStore = null;
        if (timers != null) {
            timers.shutdownNow();
        }
        if (client != null) {
            client.close();
        }
    }
}
