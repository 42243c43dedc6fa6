package io.timonel.plugins.scheduler.policies;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.timonel.spi.scheduler.ClusterAccess;
import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.SchedulerHandle;
import io.timonel.spi.scheduler.Snapshot;
import io.timonel.spi.scheduler.Status;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Test fixtures: nodes, pods and a fake handle over a snapshot. */
final class Fixtures {

    private Fixtures() {
    }

    /** A node with {@code cpu} (e.g. "4") and {@code memory} (e.g. "8Gi"), 110 pods, and these labels. */
    static NodeInfo node(String name, String cpu, String memory, Map<String, String> labels, Taint... taints) {
        Map<String, Quantity> capacity = Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory),
                "pods", new Quantity("110"));
        Map<String, String> all = new HashMap<>(labels);
        all.putIfAbsent("kubernetes.io/hostname", name);
        Node node = new NodeBuilder().withNewMetadata().withName(name).withLabels(all).endMetadata()
                .withNewSpec().withTaints(taints).endSpec()
                .withNewStatus().withCapacity(capacity).withAllocatable(capacity).endStatus().build();
        return NodeInfo.of(node);
    }

    static NodeInfo node(String name) {
        return node(name, "4", "8Gi", Map.of());
    }

    static Taint taint(String key, String value, String effect) {
        return new Taint(effect, key, null, value);
    }

    /** A pod in namespace {@code default} with one container requesting {@code cpu} (null: nothing). */
    static PodInfo pod(String name, String cpu, UnaryOperator<PodBuilder> customize) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .withUid(UUID.nameUUIDFromBytes(name.getBytes()).toString()).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("app:1").withNewResources().endResources()
                .endContainer().endSpec();
        if (cpu != null) {
            b.editSpec().editFirstContainer().editResources().addToRequests("cpu", new Quantity(cpu)).endResources()
                    .endContainer().endSpec();
        }
        return PodInfo.of(customize.apply(b).build());
    }

    static PodInfo pod(String name, String cpu) {
        return pod(name, cpu, b -> b);
    }

    /** {@code pod} placed on {@code node}. */
    static NodeInfo with(NodeInfo node, PodInfo... pods) {
        NodeInfo n = node;
        for (PodInfo p : pods) {
            n = n.withPod(p);
        }
        return n;
    }

    static CycleState state() {
        return new CycleState();
    }

    /** A handle over fixed nodes; filters run by {@code filters} (for preemption). */
    static final class FakeHandle implements SchedulerHandle {
        Snapshot snapshot;
        final List<io.timonel.spi.scheduler.Filter> filters;
        final List<String> evicted = new java.util.ArrayList<>();
        String nominated;

        FakeHandle(List<NodeInfo> nodes, io.timonel.spi.scheduler.Filter... filters) {
            this.snapshot = Snapshot.of(nodes);
            this.filters = List.of(filters);
        }

        @Override
        public Snapshot snapshot() {
            return snapshot;
        }

        @Override
        public ClusterAccess cluster() {
            return new ClusterAccess() {
                @Override
                public java.util.concurrent.CompletionStage<Status> bind(io.fabric8.kubernetes.api.model.Pod pod, String nodeName) {
                    return java.util.concurrent.CompletableFuture.completedFuture(Status.success());
                }

                @Override
                public java.util.concurrent.CompletionStage<Status> evict(io.fabric8.kubernetes.api.model.Pod victim,
                                                                          io.fabric8.kubernetes.api.model.Pod preemptor, String reason) {
                    evicted.add(victim.getMetadata().getName());
                    return java.util.concurrent.CompletableFuture.completedFuture(Status.success());
                }

                @Override
                public java.util.concurrent.CompletionStage<Status> nominate(io.fabric8.kubernetes.api.model.Pod pod, String nodeName) {
                    nominated = nodeName;
                    return java.util.concurrent.CompletableFuture.completedFuture(Status.success());
                }

                @Override
                public java.util.Optional<io.fabric8.kubernetes.api.model.PersistentVolumeClaim> claim(String namespace, String name) {
                    return java.util.Optional.empty();
                }

                @Override
                public java.util.Optional<String> volumeBindingMode(String storageClassName) {
                    return java.util.Optional.empty();
                }
            };
        }

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }

        @Override
        public Status runFilters(CycleState state, PodInfo pod, NodeInfo node) {
            for (io.timonel.spi.scheduler.Filter f : filters) {
                Status s = f.filter(state, pod, node);
                if (!s.isSuccess()) {
                    return s;
                }
            }
            return Status.success();
        }
    }
}
