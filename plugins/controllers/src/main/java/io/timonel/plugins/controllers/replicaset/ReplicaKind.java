package io.timonel.plugins.controllers.replicaset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerConditionBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.plugins.controllers.kit.Owners;
import java.util.List;

/**
 * The kind a replica loop manages. ReplicationControllers are handled as ReplicaSets, as
 * Kubernetes does: each is viewed as the ReplicaSet it is equivalent to, and only its status is
 * written back in its own shape.
 *
 * @param <T> the API type
 */
public interface ReplicaKind<T extends HasMetadata> {

    Class<T> type();

    /** The loop name ({@code replicaset}) and the event source ({@code replicaset-controller}). */
    String loopName();

    String component();

    /** The kind name controller references carry. */
    String kind();

    /** {@code object} as the equivalent ReplicaSet (same metadata, spec and status). */
    ReplicaSet view(T object);

    /** Writes {@code status} as {@code object}'s status, with its resourceVersion as precondition. */
    void writeStatus(KubernetesClient client, T object, ReplicaSetStatus status);

    /** The controller reference pods of {@code object} carry. */
    default OwnerReference controllerRef(T object) {
        return Owners.controllerRef(object);
    }

    /** apps/v1 ReplicaSets. */
    static ReplicaKind<ReplicaSet> replicaSets() {
        return new ReplicaKind<>() {
            @Override
            public Class<ReplicaSet> type() {
                return ReplicaSet.class;
            }

            @Override
            public String loopName() {
                return "replicaset";
            }

            @Override
            public String component() {
                return "replicaset-controller";
            }

            @Override
            public String kind() {
                return "ReplicaSet";
            }

            @Override
            public ReplicaSet view(ReplicaSet object) {
                return object;
            }

            @Override
            public void writeStatus(KubernetesClient client, ReplicaSet object, ReplicaSetStatus status) {
                ReplicaSet copy = new ReplicaSetBuilder(object).withStatus(status).build();
                client.apps().replicaSets().inNamespace(object.getMetadata().getNamespace()).resource(copy).updateStatus();
            }
        };
    }

    /** core/v1 ReplicationControllers. */
    static ReplicaKind<ReplicationController> replicationControllers() {
        return new ReplicaKind<>() {
            @Override
            public Class<ReplicationController> type() {
                return ReplicationController.class;
            }

            @Override
            public String loopName() {
                return "replicationcontroller";
            }

            @Override
            public String component() {
                return "replication-controller";
            }

            @Override
            public String kind() {
                return "ReplicationController";
            }

            @Override
            public ReplicaSet view(ReplicationController rc) {
                var spec = rc.getSpec();
                var status = rc.getStatus();
                return new ReplicaSetBuilder()
                        .withMetadata(rc.getMetadata())
                        .withNewSpec()
                        .withReplicas(spec.getReplicas())
                        .withMinReadySeconds(spec.getMinReadySeconds())
                        .withSelector(spec.getSelector() == null || spec.getSelector().isEmpty() ? null
                                : new LabelSelectorBuilder().withMatchLabels(spec.getSelector()).build())
                        .withTemplate(spec.getTemplate())
                        .endSpec()
                        .withStatus(status == null ? null : new ReplicaSetStatusBuilder()
                                .withReplicas(status.getReplicas())
                                .withFullyLabeledReplicas(status.getFullyLabeledReplicas())
                                .withReadyReplicas(status.getReadyReplicas())
                                .withAvailableReplicas(status.getAvailableReplicas())
                                .withObservedGeneration(status.getObservedGeneration())
                                .withConditions(status.getConditions() == null ? List.of()
                                        : status.getConditions().stream().map(c -> new ReplicaSetConditionBuilder()
                                                .withType(c.getType()).withStatus(c.getStatus()).withReason(c.getReason())
                                                .withMessage(c.getMessage())
                                                .withLastTransitionTime(c.getLastTransitionTime()).build()).toList())
                                .build())
                        .build();
            }

            @Override
            public void writeStatus(KubernetesClient client, ReplicationController rc, ReplicaSetStatus status) {
                var copy = new io.fabric8.kubernetes.api.model.ReplicationControllerBuilder(rc)
                        .withStatus(new ReplicationControllerStatusBuilder()
                                .withReplicas(status.getReplicas())
                                .withFullyLabeledReplicas(status.getFullyLabeledReplicas())
                                .withReadyReplicas(status.getReadyReplicas())
                                .withAvailableReplicas(status.getAvailableReplicas())
                                .withObservedGeneration(status.getObservedGeneration())
                                .withConditions(status.getConditions() == null ? List.of()
                                        : status.getConditions().stream().map(c -> new ReplicationControllerConditionBuilder()
                                                .withType(c.getType()).withStatus(c.getStatus()).withReason(c.getReason())
                                                .withMessage(c.getMessage())
                                                .withLastTransitionTime(c.getLastTransitionTime()).build()).toList())
                                .build())
                        .build();
                client.replicationControllers().inNamespace(rc.getMetadata().getNamespace()).resource(copy).updateStatus();
            }
        };
    }
}
