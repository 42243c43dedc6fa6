package io.timonel.plugins.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.timonel.plugins.scheduler.cache.SchedulerCache;
import io.timonel.plugins.scheduler.config.SchedulerConfiguration;
import io.timonel.plugins.scheduler.framework.Profile;
import io.timonel.plugins.scheduler.framework.ProfileFactory;
import io.timonel.plugins.scheduler.framework.Registry;
import io.timonel.plugins.scheduler.queue.Backoff;
import io.timonel.plugins.scheduler.queue.SchedulingQueue;
import io.timonel.spi.scheduler.ClusterAccess;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The scheduling loop over the default profile, with a cluster that binds at once (or refuses). */
class SchedulerTest {

    private final ManualClock clock = new ManualClock();
    private final Map<String, String> bound = new ConcurrentHashMap<>();
    private final List<String> unschedulable = new CopyOnWriteArrayList<>();
    private volatile boolean refuseBindings;

    private final ClusterAccess cluster = new ClusterAccess() {
        @Override
        public CompletionStage<Status> bind(Pod pod, String nodeName) {
            if (refuseBindings) {
                return CompletableFuture.completedFuture(Status.error("binding rejected: HTTP 409"));
            }
            bound.put(pod.getMetadata().getName(), nodeName);
            return CompletableFuture.completedFuture(Status.success());
        }

        @Override
        public CompletionStage<Status> evict(Pod victim, Pod preemptor, String reason) {
            return CompletableFuture.completedFuture(Status.success());
        }

        @Override
        public CompletionStage<Status> nominate(Pod pod, String nodeName) {
            return CompletableFuture.completedFuture(Status.success());
        }

        @Override
        public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<String> volumeBindingMode(String storageClassName) {
            return Optional.empty();
        }
    };

    private final Outcomes outcomes = new Outcomes() {
        @Override
        public void scheduled(PodInfo pod, String node) {
        }

        @Override
        public void unschedulable(PodInfo pod, String message) {
            unschedulable.add(pod.name() + ": " + message);
        }

        @Override
        public void failed(PodInfo pod, Status status) {
        }
    };

    private final SchedulerCache cache = new SchedulerCache(clock);
    private SchedulingQueue queue;

    private Scheduler scheduler() {
        ProfileFactory factory = new ProfileFactory(Registry.builtIns(), cluster, clock, new SplittableRandom(1));
        Profile profile = factory.build(SchedulerConfiguration.defaults().profiles().get(0), 0);
        queue = new SchedulingQueue(profile.queueSort(), clock, Backoff.DEFAULT);
        return new Scheduler(Map.of("default-scheduler", profile), cache, queue, outcomes, 32, Runnable::run);
    }

    private static Node node(String name) {
        Map<String, Quantity> capacity = Map.of("cpu", new Quantity("4"), "memory", new Quantity("32Gi"), "pods", new Quantity("110"));
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(Map.of("kubernetes.io/hostname", name)).endMetadata()
                .withNewSpec().endSpec().withNewStatus().withCapacity(capacity).withAllocatable(capacity).endStatus().build();
    }

    private static PodInfo pod(String name, String cpu) {
        return PodInfo.of(new PodBuilder().withNewMetadata().withName(name).withNamespace("d").withUid(name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("pause").withNewResources()
                .addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity("500Mi")).endResources()
                .endContainer().endSpec().build());
    }

    @Test
    void podsAreBoundAndCountedSoThatTheNextCycleSeesThem() throws Exception {
        Scheduler scheduler = scheduler();
        cache.upsertNode(node("n1"));
        cache.upsertNode(node("n2"));
        for (int i = 0; i < 8; i++) {
            queue.add(pod("p" + i, "1"));
        }
        while (scheduler.scheduleOne(Duration.ZERO)) {
            // drain
        }
        assertEquals(8, bound.size());
        assertEquals(4, bound.values().stream().filter("n1"::equals).count(), "4 CPUs each: exactly full");
        queue.add(pod("extra", "1"));
        scheduler.scheduleOne(Duration.ZERO);
        assertEquals(1, unschedulable.size());
        assertTrue(unschedulable.get(0).startsWith("extra: 0/2 nodes are available: 2 Insufficient cpu."), unschedulable.get(0));
    }

    @Test
    void refusedBindingIsForgottenAndRetried() throws Exception {
        Scheduler scheduler = scheduler();
        cache.upsertNode(node("n1"));
        refuseBindings = true;
        queue.add(pod("p", "1"));
        scheduler.scheduleOne(Duration.ZERO);
        assertEquals(0, cache.snapshot().get("n1").pods().size(), "the assumed pod is forgotten");
        refuseBindings = false;
        clock.advance(Duration.ofSeconds(1));
        scheduler.scheduleOne(Duration.ZERO);
        assertEquals("n1", bound.get("p"));
    }

    @Test
    void roomMadeByPreemptionIsKeptForTheNominatedPod() throws Exception {
        Scheduler scheduler = scheduler();
        cache.upsertNode(node("n1"));
        PodInfo high = PodInfo.of(new PodBuilder(pod("high", "3").pod()).editSpec().withPriority(100).endSpec().build());
        scheduler.nominated(high, "n1");
        queue.add(pod("low", "2"));
        scheduler.scheduleOne(Duration.ZERO);
        assertTrue(bound.isEmpty(), "the low-priority pod must not take the nominated pod's room");
        queue.add(PodInfo.of(new PodBuilder(pod("peer", "1").pod()).editSpec().withPriority(100).endSpec().build()));
        scheduler.scheduleOne(Duration.ZERO);
        assertEquals("n1", bound.get("peer"), "what is left beside the nominated pod is free");
    }

    @Test
    void podsOfOtherSchedulersAreNotOurs() {
        Scheduler scheduler = scheduler();
        assertTrue(scheduler.serves(null));
        assertTrue(scheduler.serves("default-scheduler"));
        assertTrue(!scheduler.serves("other"));
    }

    /**
     * The loop alone at SchedulingBasic's size (5,000 nodes, 1,000 pods placed, 10,000 scheduled):
     * the scheduler's own ceiling, without the API server. Prints the rate; asserts only that all
     * were bound.
     */
    @Test
    void schedulesTenThousandPodsOnFiveThousandNodes() throws Exception {
        Scheduler scheduler = scheduler();
        for (int i = 0; i < 5_000; i++) {
            cache.upsertNode(node("node-" + i));
        }
        for (int i = 0; i < 1_000; i++) {
            queue.add(pod("init-" + i, "100m"));
        }
        while (scheduler.scheduleOne(Duration.ZERO)) {
            // warm up
        }
        List<PodInfo> pods = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            pods.add(pod("p-" + i, "100m"));
        }
        long start = System.nanoTime();
        for (PodInfo p : pods) {
            queue.add(p);
        }
        while (scheduler.scheduleOne(Duration.ZERO)) {
            // measure
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(11_000, bound.size());
        System.out.printf("scheduling loop alone: 10000 pods on 5000 nodes in %.2f s = %.0f pods/s%n", seconds, 10_000 / seconds);
    }
}
