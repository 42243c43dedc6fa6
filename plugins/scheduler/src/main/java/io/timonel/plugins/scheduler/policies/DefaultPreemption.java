package io.timonel.plugins.scheduler.policies;

import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.PostFilter;
import io.timonel.spi.scheduler.SchedulerHandle;
import io.timonel.spi.scheduler.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Preemption by priority: when no node fits, finds nodes where deleting pods of lower priority
 * would make the pod fit (keeping as many of them as still fit, highest priority first), picks
 * the node whose victims matter least (lowest highest-victim priority, then lowest sum of
 * priorities, then fewest), deletes the victims and nominates the node in the pod's
 * {@code status.nominatedNodeName}. The pod is scheduled by a later cycle once they are gone.
 * Nodes rejected as unresolvable (taints, affinity) are never candidates.
 */
public final class DefaultPreemption implements PostFilter {

    public static final String NAME = "DefaultPreemption";
    static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
    static final String NO_VICTIMS = "No preemption victims found for incoming pod";

    private final SchedulerHandle handle;

    public DefaultPreemption(SchedulerHandle handle) {
        this.handle = handle;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The node and the pods to delete there. */
    record Candidate(NodeInfo node, List<PodInfo> victims) {
        int highest() {
            return victims.stream().mapToInt(PodInfo::priority).max().orElse(Integer.MIN_VALUE);
        }

        long sum() {
            return victims.stream().mapToLong(v -> (long) v.priority() + Integer.MAX_VALUE + 1).sum();
        }
    }

    @Override
    public Result postFilter(CycleState state, PodInfo pod, Map<String, Status> rejections) {
        int total = handle.snapshot().size();
        if ("Never".equals(pod.pod().getSpec().getPreemptionPolicy())) {
            return Result.unresolved("not eligible due to preemptionPolicy=Never.");
        }
        String nominated = pod.pod().getStatus() == null ? null : pod.pod().getStatus().getNominatedNodeName();
        if (nominated != null && !nominated.isEmpty()) {
            NodeInfo there = handle.snapshot().get(nominated);
            // victims chosen earlier are still terminating: wait for them instead of choosing more
            if (there != null && there.pods().stream().anyMatch(p -> p.priority() < pod.priority()
                    && p.pod().getMetadata().getDeletionTimestamp() != null)) {
                return Result.unresolved("not eligible due to a terminating pod on the nominated node.");
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        int notHelpful = 0;
        int noVictims = 0;
        for (Map.Entry<String, Status> e : rejections.entrySet()) {
            NodeInfo node = handle.snapshot().get(e.getKey());
            if (node == null || e.getValue().code() != Status.Code.UNSCHEDULABLE) {
                notHelpful++;
                continue;
            }
            Candidate c = victimsOn(state, pod, node);
            if (c == null) {
                noVictims++;
            } else {
                candidates.add(c);
            }
        }
        if (candidates.isEmpty()) {
            List<String> parts = new ArrayList<>();
            if (noVictims > 0) {
                parts.add(noVictims + " " + NO_VICTIMS);
            }
            if (notHelpful > 0) {
                parts.add(notHelpful + " " + NOT_HELPFUL);
            }
            return Result.unresolved("0/" + total + " nodes are available: " + String.join(", ", parts) + ".");
        }
        Candidate best = candidates.stream().min(Comparator.comparingInt(Candidate::highest)
                .thenComparingLong(Candidate::sum).thenComparingInt(c -> c.victims().size())).orElseThrow();
        for (PodInfo victim : best.victims()) {
            handle.cluster().evict(victim.pod(), pod.pod(), "Preempted by pod " + pod.uid() + " on node " + best.node().name());
        }
        handle.cluster().nominate(pod.pod(), best.node().name());
        return new Result(best.node().name(), Status.success());
    }

    /** The victims that make the pod fit on {@code node}, or null when none would. */
    Candidate victimsOn(CycleState state, PodInfo pod, NodeInfo node) {
        List<PodInfo> lower = new ArrayList<>();
        NodeInfo stripped = node;
        for (PodInfo p : node.pods()) {
            if (p.priority() < pod.priority()) {
                lower.add(p);
                stripped = stripped.withoutPod(p.uid());
            }
        }
        if (lower.isEmpty() || !handle.runFilters(state, pod, stripped).isSuccess()) {
            return null;
        }
        // give back as many as still fit, the most important first
        lower.sort(Comparator.comparingInt(PodInfo::priority).reversed());
        List<PodInfo> victims = new ArrayList<>();
        NodeInfo current = stripped;
        for (PodInfo p : lower) {
            NodeInfo with = current.withPod(p);
            if (handle.runFilters(state, pod, with).isSuccess()) {
                current = with;
            } else {
                victims.add(p);
            }
        }
        return victims.isEmpty() ? null : new Candidate(node, victims);
    }
}
