package io.timonel.plugins.scheduler.policies;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.timonel.plugins.scheduler.match.LabelSelectors;
import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.Filter;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.NodeScores;
import io.timonel.spi.scheduler.NormalizeScore;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.PreFilter;
import io.timonel.spi.scheduler.PreScore;
import io.timonel.spi.scheduler.SchedulerHandle;
import io.timonel.spi.scheduler.Snapshot;
import io.timonel.spi.scheduler.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Spreads matching pods evenly over topology domains. Filter ({@code DoNotSchedule}
 * constraints): placing the pod in the node's domain must not make that domain exceed the least
 * populated one by more than {@code maxSkew} (with fewer than {@code minDomains} domains the
 * least is taken as 0); nodes without the topology label are out. Score ({@code ScheduleAnyway}
 * constraints, or the default constraints for pods of a controller that declare none): fewer
 * matching pods in the node's domain is better. Only nodes that satisfy the pod's node selector
 * and required node affinity count (nodeAffinityPolicy Honor); taints are ignored.
 */
public final class PodTopologySpread implements PreFilter, Filter, PreScore, NormalizeScore {

    public static final String NAME = "PodTopologySpread";
    static final Status SKEW = Status.unschedulable("node(s) didn't match pod topology spread constraints").from(NAME);
    static final Status MISSING_LABEL = Status.unresolvable(
            "node(s) didn't match pod topology spread constraints (missing required label)").from(NAME);
    private static final CycleState.Key<List<Counted>> FILTER = new CycleState.Key<>("PodTopologySpread.filter");
    private static final CycleState.Key<List<Counted>> SCORE = new CycleState.Key<>("PodTopologySpread.score");

    /** A constraint as applied: what the args or the pod say. */
    public record Constraint(int maxSkew, String topologyKey, boolean hard, LabelSelector selector, int minDomains) {
    }

    /** Kubernetes' system default constraints (ScheduleAnyway over zones and hostnames). */
    public static final List<Constraint> SYSTEM_DEFAULTS = List.of(
            new Constraint(3, "topology.kubernetes.io/zone", false, null, 1),
            new Constraint(5, "kubernetes.io/hostname", false, null, 1));

    private record Counted(Constraint constraint, Map<String, Long> counts, long min, boolean selfMatch) {
    }

    private final SchedulerHandle handle;
    private final List<Constraint> defaults;

    public PodTopologySpread(SchedulerHandle handle, List<Constraint> defaults) {
        this.handle = handle;
        this.defaults = List.copyOf(defaults);
    }

    /** Reads PodTopologySpreadArgs: {@code defaultingType} System (default) or List with {@code defaultConstraints}. */
    public static PodTopologySpread fromArgs(JsonNode args, SchedulerHandle handle) {
        if (!args.path("defaultingType").asText("System").equals("List")) {
            return new PodTopologySpread(handle, SYSTEM_DEFAULTS);
        }
        List<Constraint> list = new ArrayList<>();
        for (JsonNode c : args.path("defaultConstraints")) {
            list.add(new Constraint(c.path("maxSkew").asInt(1), c.path("topologyKey").asText(),
                    c.path("whenUnsatisfiable").asText("DoNotSchedule").equals("DoNotSchedule"), null, 1));
        }
        return new PodTopologySpread(handle, list);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The pod's constraints; the defaults (selecting the pod's own labels) for a controller's pod that has none. */
    List<Constraint> constraintsOf(PodInfo pod) {
        List<TopologySpreadConstraint> own = pod.pod().getSpec().getTopologySpreadConstraints();
        if (own != null && !own.isEmpty()) {
            List<Constraint> out = new ArrayList<>(own.size());
            for (TopologySpreadConstraint c : own) {
                out.add(new Constraint(c.getMaxSkew(), c.getTopologyKey(), !"ScheduleAnyway".equals(c.getWhenUnsatisfiable()),
                        c.getLabelSelector(), c.getMinDomains() == null ? 1 : c.getMinDomains()));
            }
            return out;
        }
        if (defaults.isEmpty() || !hasController(pod) || pod.labels().isEmpty()) {
            return List.of();
        }
        // Kubernetes takes the selectors of the pod's Services and controllers; the pod's own labels stand in for them
        LabelSelector selector = new LabelSelector(null, pod.labels());
        List<Constraint> out = new ArrayList<>();
        for (Constraint d : defaults) {
            out.add(new Constraint(d.maxSkew(), d.topologyKey(), d.hard(), selector, d.minDomains()));
        }
        return out;
    }

    private static boolean hasController(PodInfo pod) {
        List<OwnerReference> owners = pod.pod().getMetadata().getOwnerReferences();
        if (owners == null) {
            return false;
        }
        for (OwnerReference o : owners) {
            if (Boolean.TRUE.equals(o.getController())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Status preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        List<Constraint> hard = constraintsOf(pod).stream().filter(Constraint::hard).toList();
        if (hard.isEmpty()) {
            return Status.skip();
        }
        state.write(FILTER, count(pod, hard, snapshot.nodes(), true));
        return Status.success();
    }

    /**
     * Matching pods per domain over the nodes that pass the pod's node affinity (and, for
     * filtering, carry every constraint's key).
     */
    private static List<Counted> count(PodInfo pod, List<Constraint> constraints, List<NodeInfo> nodes, boolean allKeys) {
        List<Map<String, Long>> counts = new ArrayList<>();
        for (int i = 0; i < constraints.size(); i++) {
            counts.add(new HashMap<>());
        }
        for (NodeInfo node : nodes) {
            if (allKeys && !hasAllKeys(node, constraints)) {
                continue;
            }
            if (!NodeAffinity.requiredMatches(pod, node)) {
                continue;
            }
            for (int i = 0; i < constraints.size(); i++) {
                Constraint c = constraints.get(i);
                String value = node.labels().get(c.topologyKey());
                if (value == null) {
                    continue;
                }
                long matching = 0;
                for (PodInfo existing : node.pods()) {
                    if (existing.namespace().equals(pod.namespace()) && existing.pod().getMetadata().getDeletionTimestamp() == null
                            && LabelSelectors.matches(c.selector(), existing.labels())) {
                        matching++;
                    }
                }
                counts.get(i).merge(value, matching, Long::sum);
            }
        }
        List<Counted> out = new ArrayList<>();
        for (int i = 0; i < constraints.size(); i++) {
            Constraint c = constraints.get(i);
            Map<String, Long> domainCounts = counts.get(i);
            long min = domainCounts.isEmpty() ? 0 : Long.MAX_VALUE;
            for (long v : domainCounts.values()) {
                min = Math.min(min, v);
            }
            if (domainCounts.size() < c.minDomains()) {
                min = 0;
            }
            out.add(new Counted(c, domainCounts, min, LabelSelectors.matches(c.selector(), pod.labels())));
        }
        return out;
    }

    private static boolean hasAllKeys(NodeInfo node, List<Constraint> constraints) {
        for (Constraint c : constraints) {
            if (!node.labels().containsKey(c.topologyKey())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        List<Counted> counted = state.read(FILTER);
        if (counted == null) {
            return Status.success();
        }
        for (Counted c : counted) {
            String value = node.labels().get(c.constraint().topologyKey());
            if (value == null) {
                return MISSING_LABEL;
            }
            long skew = c.counts().getOrDefault(value, 0L) + (c.selfMatch() ? 1 : 0) - c.min();
            if (skew > c.constraint().maxSkew()) {
                return SKEW;
            }
        }
        return Status.success();
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible) {
        List<Constraint> soft = constraintsOf(pod).stream().filter(c -> !c.hard()).toList();
        if (soft.isEmpty()) {
            return Status.skip();
        }
        state.write(SCORE, count(pod, soft, handle.snapshot().nodes(), false));
        return Status.success();
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        List<Counted> counted = state.read(SCORE);
        if (counted == null) {
            return 0;
        }
        double score = 0;
        for (Counted c : counted) {
            String value = node.labels().get(c.constraint().topologyKey());
            if (value == null) {
                continue;
            }
            // domains weigh by how many there are, so that a few zones count against many hosts
            double weight = Math.log(c.counts().size() + 2);
            score += (c.counts().getOrDefault(value, 0L) + c.constraint().maxSkew() - 1) * weight;
        }
        return Math.round(score);
    }

    /** Fewer matching pods is better: score = 100 × (max + min − s) / max. */
    @Override
    public void normalize(CycleState state, PodInfo pod, NodeScores scores) {
        if (scores.size() == 0) {
            return;
        }
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < scores.size(); i++) {
            min = Math.min(min, scores.get(i));
            max = Math.max(max, scores.get(i));
        }
        for (int i = 0; i < scores.size(); i++) {
            scores.set(i, max == 0 ? MAX_SCORE : MAX_SCORE * (max + min - scores.get(i)) / max);
        }
    }
}
