package io.timonel.plugins.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.timonel.plugins.scheduler.api.ApiClusterAccess;
import io.timonel.plugins.scheduler.api.EventRecorder;
import io.timonel.plugins.scheduler.api.PodStatusWriter;
import io.timonel.plugins.scheduler.api.RestCalls;
import io.timonel.plugins.scheduler.cache.SchedulerCache;
import io.timonel.plugins.scheduler.config.ProfileConfig;
import io.timonel.plugins.scheduler.config.SchedulerConfiguration;
import io.timonel.plugins.scheduler.framework.Profile;
import io.timonel.plugins.scheduler.framework.ProfileFactory;
import io.timonel.plugins.scheduler.framework.Registry;
import io.timonel.plugins.scheduler.queue.Backoff;
import io.timonel.plugins.scheduler.queue.SchedulingQueue;
import io.timonel.spi.controller.Controller;
import io.timonel.spi.controller.ControllerContext;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.SchedulerPlugin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler, as the controller {@code scheduler}. Settings ({@code controllers.scheduler.*}):
 * {@code config} — path of a KubeSchedulerConfiguration YAML file (none: Kubernetes' default
 * profile); {@code bindingsInFlight} — concurrent bindings (default 64; each is a request waiting on the store's commit). Watches pods, nodes,
 * claims and storage classes; schedules pods whose {@code spec.schedulerName} names one of its
 * profiles on a thread of its own (a blocking loop does not belong on the shared executor).
 */
@Extension
public final class SchedulerController implements Controller {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerController.class);
    static final int DEFAULT_BINDINGS_IN_FLIGHT = 64;

    private volatile boolean running;
    private KubernetesClient client;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private volatile SharedIndexInformer<PersistentVolumeClaim> claims;
    private volatile SharedIndexInformer<StorageClass> storageClasses;
    private Thread loop;
    private ExecutorService preBind;
    private ExecutorService http;
    private ExecutorService binds;
    private ScheduledFuture<?> housekeeping;
    private SchedulingQueue queue;

    @Override
    public String name() {
        return "scheduler";
    }

    @Override
    public void start(ControllerContext context) throws Exception {
        SchedulerConfiguration configuration = context.config().containsKey("config")
                ? SchedulerConfiguration.load(Path.of(context.config().get("config")))
                : SchedulerConfiguration.defaults();
        int inFlight = Integer.parseInt(context.config().getOrDefault("bindingsInFlight",
                Integer.toString(DEFAULT_BINDINGS_IN_FLIGHT)));
        Registry registry = Registry.builtIns().with(context.extensions().of(SchedulerPlugin.class));

        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(context.api().kubeconfig())).build();
        // bindings have threads of their own, so that events and status writes never delay them
        binds = Executors.newFixedThreadPool(inFlight, r -> daemon(r, "scheduler-bind"));
        http = Executors.newFixedThreadPool(16, r -> daemon(r, "scheduler-http"));
        RestCalls rest = new RestCalls(context.api(), http);
        RestCalls bindRest = new RestCalls(context.api(), binds);
        EventRecorder events = new EventRecorder(rest, context.clock(), "timonel-scheduler");
        PodStatusWriter status = new PodStatusWriter(rest, context.clock());
        ApiClusterAccess cluster = new ApiClusterAccess(bindRest, rest, status, events,
                () -> claims == null ? null : claims.getStore(), () -> storageClasses == null ? null : storageClasses.getStore());
        ProfileFactory factory = new ProfileFactory(registry, cluster, context.clock(), new SplittableRandom());
        Map<String, Profile> profiles = new LinkedHashMap<>();
        for (ProfileConfig p : configuration.profiles()) {
            Profile profile = factory.build(p, configuration.percentageOfNodesToScore());
            profiles.put(p.schedulerName(), profile);
            LOG.info("scheduler profile {}: {}", p.schedulerName(), profile.describe());
        }
        SchedulerCache cache = new SchedulerCache(context.clock());
        queue = new SchedulingQueue(profiles.values().iterator().next().queueSort(), context.clock(), Backoff.DEFAULT);
        ApiOutcomes outcomes = new ApiOutcomes(events, status);
        preBind = Executors.newFixedThreadPool(4, r -> daemon(r, "scheduler-prebind"));
        Scheduler scheduler = new Scheduler(profiles, cache, queue, outcomes, inFlight, preBind);
        running = true;
        loop = daemon(() -> run(scheduler, cache, outcomes), "scheduler");
        loop.start();
        housekeeping = context.executor().scheduleWithFixedDelay(() -> {
            queue.flush();
            int expired = cache.expireAssumed();
            if (expired > 0) {
                LOG.warn("{} assumed pods expired without the watch confirming their binding", expired);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void run(Scheduler scheduler, SchedulerCache cache, ApiOutcomes outcomes) {
        try {
            watch(scheduler, cache, outcomes);
            while (running) {
                try {
                    scheduler.scheduleOne(Duration.ofSeconds(1));
                } catch (RuntimeException e) {
                    LOG.error("scheduling cycle failed", e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("the scheduler stopped", e);
            }
        }
    }

    private void watch(Scheduler scheduler, SchedulerCache cache, ApiOutcomes outcomes) {
        informers.add(client.nodes().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                cache.upsertNode(node);
                queue.moveAllToActiveOrBackoff();
            }

            @Override
            public void onUpdate(Node old, Node node) {
                if (cache.upsertNode(node)) {
                    queue.moveAllToActiveOrBackoff();
                }
            }

            @Override
            public void onDelete(Node node, boolean unknown) {
                cache.removeNode(node.getMetadata().getName());
            }
        }, 0));
        claims = client.persistentVolumeClaims().inAnyNamespace().inform(moveOnChange(), 0);
        storageClasses = client.storage().v1().storageClasses().inform(moveOnChange(), 0);
        informers.add(claims);
        informers.add(storageClasses);
        informers.add(client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                onPod(pod, scheduler, cache);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                // our own status writes (PodScheduled, nominatedNodeName) must not requeue a parked pod
                if (!isBound(pod) && !isTerminal(pod) && pod.getMetadata().getDeletionTimestamp() == null
                        && sameExceptStatus(old, pod)) {
                    return;
                }
                onPod(pod, scheduler, cache);
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                String uid = pod.getMetadata().getUid();
                outcomes.forget(uid);
                scheduler.forgetNomination(uid);
                if (isBound(pod) || cache.contains(uid)) {
                    cache.removePod(uid);
                    queue.moveAllToActiveOrBackoff();
                }
                queue.delete(uid);
            }
        }, 0));
        LOG.info("scheduler watching pods and nodes");
    }

    private <T> ResourceEventHandler<T> moveOnChange() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                queue.moveAllToActiveOrBackoff();
            }

            @Override
            public void onUpdate(T old, T obj) {
                queue.moveAllToActiveOrBackoff();
            }

            @Override
            public void onDelete(T obj, boolean unknown) {
            }
        };
    }

    private static boolean sameExceptStatus(Pod a, Pod b) {
        return a.getSpec().equals(b.getSpec()) && java.util.Objects.equals(a.getMetadata().getLabels(), b.getMetadata().getLabels())
                && java.util.Objects.equals(a.getMetadata().getAnnotations(), b.getMetadata().getAnnotations());
    }

    private static boolean isBound(Pod pod) {
        return pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    }

    private static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private void onPod(Pod pod, Scheduler scheduler, SchedulerCache cache) {
        String uid = pod.getMetadata().getUid();
        if (isBound(pod)) {
            queue.delete(uid);
            scheduler.forgetNomination(uid);
            if (isTerminal(pod)) {
                // a finished pod holds nothing on its node any more
                if (cache.contains(uid)) {
                    cache.removePod(uid);
                    queue.moveAllToActiveOrBackoff();
                }
            } else {
                cache.upsertBoundPod(PodInfo.of(pod));
            }
            return;
        }
        if (isTerminal(pod) || pod.getMetadata().getDeletionTimestamp() != null
                || !scheduler.serves(pod.getSpec().getSchedulerName())) {
            queue.delete(uid);
            return;
        }
        if (!cache.isAssumed(uid)) {
            PodInfo info = PodInfo.of(pod);
            String nominated = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
            if (nominated != null && !nominated.isEmpty()) {
                scheduler.nominated(info, nominated);
            }
            queue.add(info);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (housekeeping != null) {
            housekeeping.cancel(false);
        }
        if (queue != null) {
            queue.close();
        }
        if (loop != null) {
            loop.interrupt();
        }
        for (SharedIndexInformer<?> informer : informers) {
            informer.close();
        }
        // a leader that loses and regains the lease starts again from nothing
        informers.clear();
        claims = null;
        storageClasses = null;
        if (preBind != null) {
            preBind.shutdownNow();
        }
        if (http != null) {
            http.shutdownNow();
        }
        if (binds != null) {
            binds.shutdownNow();
        }
        if (client != null) {
            client.close();
        }
    }
}
