package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The conditions the agent owns, as the kubelet writes them: PodReadyToStartContainers (the
 * sandbox is up), Initialized (every init container succeeded), Ready and ContainersReady (every
 * container ready; Ready also waits for the readiness gates), and PodScheduled (True, kept from
 * the scheduler). A condition keeps its lastTransitionTime while its status stays the same.
 */
public final class PodConditions {
    public static final String READY_TO_START = "PodReadyToStartContainers";
    public static final String INITIALIZED = "Initialized";
    public static final String READY = "Ready";
    public static final String CONTAINERS_READY = "ContainersReady";
    public static final String SCHEDULED = "PodScheduled";
    /** The types the agent writes; others (DisruptionTarget, readiness gates) belong to someone else. */
    public static final Set<String> OWNED = Set.of(READY_TO_START, INITIALIZED, READY, CONTAINERS_READY, SCHEDULED);
    static final String POD_COMPLETED = "PodCompleted";

    private PodConditions() {
    }

    /**
     * @param previous the pod's conditions now (transition times, scheduler's PodScheduled, gates)
     * @param sandboxReady whether the pod's sandbox is up
     */
    public static List<PodCondition> of(PodSpec spec, String phase, boolean sandboxReady,
                                        List<ContainerStatus> initStatuses, List<ContainerStatus> statuses,
                                        List<PodCondition> previous, Instant now) {
        boolean completed = PodPhase.SUCCEEDED.equals(phase);
        List<PodCondition> out = new ArrayList<>();
        out.add(condition(previous, now, READY_TO_START, sandboxReady, null, null));

        List<String> notInitialized = PodPhase.initialized(spec, initStatuses, statuses) ? List.of()
                : initStatuses.stream().filter(s -> !PodPhase.initDone(spec, s)).map(ContainerStatus::getName).toList();
        if (completed) {
            out.add(condition(previous, now, INITIALIZED, true, POD_COMPLETED, null));
        } else {
            out.add(condition(previous, now, INITIALIZED, notInitialized.isEmpty(),
                    notInitialized.isEmpty() ? null : "ContainersNotInitialized",
                    notInitialized.isEmpty() ? null : "containers with incomplete status: " + names(notInitialized)));
        }

        List<String> unready = new ArrayList<>();
        initStatuses.stream().filter(s -> PodPhase.isSidecar(spec, s.getName()) && !Boolean.TRUE.equals(s.getReady()))
                .forEach(s -> unready.add(s.getName()));
        statuses.stream().filter(s -> !Boolean.TRUE.equals(s.getReady())).forEach(s -> unready.add(s.getName()));
        PodCondition containersReady;
        PodCondition ready;
        if (completed) {
            containersReady = condition(previous, now, CONTAINERS_READY, false, POD_COMPLETED, null);
            ready = condition(previous, now, READY, false, POD_COMPLETED, null);
        } else if (!notInitialized.isEmpty() || !unready.isEmpty()) {
            List<String> which = !notInitialized.isEmpty() && unready.isEmpty() ? notInitialized : unready;
            String message = (notInitialized.isEmpty() || !unready.isEmpty() ? "containers with unready status: "
                    : "containers with incomplete status: ") + names(which);
            containersReady = condition(previous, now, CONTAINERS_READY, false, "ContainersNotReady", message);
            ready = condition(previous, now, READY, false, "ContainersNotReady", message);
        } else {
            containersReady = condition(previous, now, CONTAINERS_READY, true, null, null);
            String gate = unmetGate(spec, previous);
            ready = gate == null ? condition(previous, now, READY, true, null, null)
                    : condition(previous, now, READY, false, "ReadinessGatesNotReady", gate);
        }
        out.add(ready);
        out.add(containersReady);

        PodCondition scheduled = previous.stream().filter(c -> SCHEDULED.equals(c.getType())).findFirst()
                .orElse(condition(previous, now, SCHEDULED, true, null, null));
        out.add(scheduled);
        return out;
    }

    /** The message about the first readiness gate whose condition is not True, or null. */
    private static String unmetGate(PodSpec spec, List<PodCondition> previous) {
        if (spec.getReadinessGates() == null) {
            return null;
        }
        for (PodReadinessGate gate : spec.getReadinessGates()) {
            PodCondition c = previous.stream().filter(p -> gate.getConditionType().equals(p.getType())).findFirst()
                    .orElse(null);
            if (c == null) {
                return "corresponding condition of pod readiness gate \"" + gate.getConditionType()
                        + "\" does not exist.";
            }
            if (!"True".equals(c.getStatus())) {
                return "the status of pod readiness gate \"" + gate.getConditionType() + "\" is not \"True\", but "
                        + c.getStatus();
            }
        }
        return null;
    }

    private static String names(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }

    private static PodCondition condition(List<PodCondition> previous, Instant now, String type, boolean status,
                                          String reason, String message) {
        String s = status ? "True" : "False";
        String transition = previous.stream()
                .filter(p -> type.equals(p.getType()) && s.equals(p.getStatus()) && p.getLastTransitionTime() != null)
                .map(PodCondition::getLastTransitionTime).findFirst()
                .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
        return new PodConditionBuilder().withType(type).withStatus(s).withLastTransitionTime(transition)
                .withReason(reason).withMessage(message).build();
    }
}
