package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HostIPBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.timonel.plugins.nodeagent.probes.ProbeResults;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pod's status as the agent reports it, from the runtime's view of its containers and the
 * agent's memory, over the status the pod has (whose fields of other writers stay). Ephemeral
 * containers get their statuses but count for neither the phase nor the conditions.
 */
public final class PodStatuses {

    private PodStatuses() {
    }

    /** What the status is made from at one moment. */
    public record Inputs(PodRuntime runtime, boolean sandboxReady, String podIp, Map<String, Waiting> waiting,
                         ProbeResults probes, String runtimeName, String hostIp, String terminalPhase,
                         String terminalReason, String terminalMessage, ContainerStatuses.Messages messages) {
    }

    public static boolean isTerminal(PodStatus status) {
        return status != null && PodPhase.isTerminal(status.getPhase());
    }

    /** The status to write for {@code pod}. */
    public static PodStatus build(Pod pod, Inputs in, Instant now) {
        PodStatus current = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        List<ContainerStatus> init = new ArrayList<>();
        for (Container c : pod.getSpec().getInitContainers()) {
            init.add(ContainerStatuses.of(c, true, in.runtime(), in.runtimeName(), in.waiting().get(c.getName()),
                    in.probes(), Waiting.POD_INITIALIZING, in.messages()));
        }
        boolean initDone = init.stream().allMatch(s -> PodPhase.initDone(pod.getSpec(), s));
        List<ContainerStatus> main = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            main.add(ContainerStatuses.of(c, false, in.runtime(), in.runtimeName(), in.waiting().get(c.getName()),
                    in.probes(), initDone ? Waiting.CONTAINER_CREATING : Waiting.POD_INITIALIZING, in.messages()));
        }
        List<ContainerStatus> ephemeral = new ArrayList<>();
        for (Container c : EphemeralContainers.of(pod.getSpec())) {
            ephemeral.add(ContainerStatuses.ephemeral(c, in.runtime(), in.runtimeName(), in.waiting().get(c.getName()),
                    in.messages()));
        }
        String phase = PodPhase.of(pod.getSpec(), init, main);
        String reason = null;
        String message = null;
        if (in.terminalPhase() != null) {
            phase = in.terminalPhase();
            reason = in.terminalReason();
            message = in.terminalMessage();
        } else if (isTerminal(current)) {
            phase = current.getPhase(); // final: a pod never leaves Succeeded or Failed
            reason = current.getReason();
            message = current.getMessage();
        }
        List<PodCondition> previous = current.getConditions() == null ? List.of() : current.getConditions();
        String podIp = in.podIp() != null ? in.podIp() : current.getPodIP();
        PodStatusBuilder ours = new PodStatusBuilder()
                .withPhase(phase)
                .withReason(reason)
                .withMessage(message)
                .withConditions(PodConditions.of(pod.getSpec(), phase, in.sandboxReady(), init, main, previous, now))
                .withHostIP(in.hostIp())
                .withHostIPs(new HostIPBuilder().withIp(in.hostIp()).build())
                .withStartTime(current.getStartTime() != null ? current.getStartTime()
                        : now.truncatedTo(ChronoUnit.SECONDS).toString())
                .withQosClass(QosClass.of(pod.getSpec()))
                .withInitContainerStatuses(init)
                .withContainerStatuses(main)
                .withEphemeralContainerStatuses(ephemeral);
        if (podIp != null && !podIp.isEmpty()) {
            ours.withPodIP(podIp).withPodIPs(new PodIPBuilder().withIp(podIp).build());
        }
        return merge(current, ours.build());
    }

    /**
     * {@code base} with the fields the agent owns taken from {@code ours}: phase, reason, message,
     * IPs, startTime, qosClass, container statuses, and the conditions of the types it owns
     * (conditions of other types stay, after the agent's).
     */
    public static PodStatus merge(PodStatus base, PodStatus ours) {
        PodStatus out = base == null ? new PodStatus() : new PodStatusBuilder(base).build();
        out.setPhase(ours.getPhase());
        out.setReason(ours.getReason());
        out.setMessage(ours.getMessage());
        out.setHostIP(ours.getHostIP());
        out.setHostIPs(ours.getHostIPs());
        if (ours.getPodIP() != null) {
            out.setPodIP(ours.getPodIP());
            out.setPodIPs(ours.getPodIPs());
        }
        out.setStartTime(ours.getStartTime());
        out.setQosClass(ours.getQosClass());
        out.setInitContainerStatuses(ours.getInitContainerStatuses());
        out.setContainerStatuses(ours.getContainerStatuses());
        out.setEphemeralContainerStatuses(ours.getEphemeralContainerStatuses());
        List<PodCondition> conditions = new ArrayList<>(ours.getConditions());
        if (base != null && base.getConditions() != null) {
            base.getConditions().stream().filter(c -> !PodConditions.OWNED.contains(c.getType()))
                    .forEach(conditions::add);
        }
        out.setConditions(conditions);
        return out;
    }
}
