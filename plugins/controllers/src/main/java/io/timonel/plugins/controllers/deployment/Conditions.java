package io.timonel.plugins.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The Deployment conditions {@code kubectl rollout status} and {@code describe} read. */
final class Conditions {
    static final String PROGRESSING = "Progressing";
    static final String AVAILABLE = "Available";
    static final String REPLICA_FAILURE = "ReplicaFailure";

    static final String NEW_RS_CREATED = "NewReplicaSetCreated";
    static final String FOUND_NEW_RS = "FoundNewReplicaSet";
    static final String RS_UPDATED = "ReplicaSetUpdated";
    static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
    static final String TIMED_OUT = "ProgressDeadlineExceeded";
    static final String PAUSED = "DeploymentPaused";
    static final String RESUMED = "DeploymentResumed";
    static final String FAILED_RS_CREATE = "ReplicaSetCreateError";

    private Conditions() {
    }

    static DeploymentCondition of(String type, String status, String reason, String message, Instant now) {
        String ts = now.toString();
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).withLastUpdateTime(ts).withLastTransitionTime(ts).build();
    }

    static Optional<DeploymentCondition> get(DeploymentStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return Optional.empty();
        }
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /**
     * Sets {@code condition} on {@code status}: unchanged if one with the same status and reason is
     * there; keeps the transition time when only the reason changes.
     */
    static void set(DeploymentStatus status, DeploymentCondition condition) {
        Optional<DeploymentCondition> current = get(status, condition.getType());
        if (current.isPresent() && current.get().getStatus().equals(condition.getStatus())
                && condition.getReason().equals(current.get().getReason())) {
            return;
        }
        if (current.isPresent() && current.get().getStatus().equals(condition.getStatus())) {
            condition.setLastTransitionTime(current.get().getLastTransitionTime());
        }
        List<DeploymentCondition> next = new ArrayList<>();
        if (status.getConditions() != null) {
            status.getConditions().stream().filter(c -> !condition.getType().equals(c.getType())).forEach(next::add);
        }
        next.add(condition);
        status.setConditions(next);
    }

    static void remove(DeploymentStatus status, String type) {
        if (status.getConditions() != null) {
            List<DeploymentCondition> next = new ArrayList<>(status.getConditions());
            next.removeIf(c -> type.equals(c.getType()));
            status.setConditions(next);
        }
    }
}
