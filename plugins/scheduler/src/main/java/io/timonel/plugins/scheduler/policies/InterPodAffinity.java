package io.timonel.plugins.scheduler.policies;

import io.fabric8.kubernetes.api.model.Affinity;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pod affinity and anti-affinity over topology domains (nodes sharing a label value).
 * Filter: the pod's required affinity terms must each find a matching pod in the node's domain
 * (unless no pod matches anywhere and the pod matches its own terms, so the first of a group can
 * land); its required anti-affinity terms must find none; and no existing pod's required
 * anti-affinity may select it in that domain. Score: the weights of preferred terms, both the
 * pod's and existing pods' towards it, summed per domain and normalised min..max to 0..100.
 */
public final class InterPodAffinity implements PreFilter, Filter, PreScore, NormalizeScore {

    public static final String NAME = "InterPodAffinity";
    static final Status EXISTING_ANTI = Status.unschedulable("node(s) didn't satisfy existing pods anti-affinity rules").from(NAME);
    static final Status AFFINITY = Status.unresolvable("node(s) didn't match pod affinity rules").from(NAME);
    static final Status ANTI = Status.unschedulable("node(s) didn't match pod anti-affinity rules").from(NAME);
    private static final CycleState.Key<FilterState> FILTER = new CycleState.Key<>("InterPodAffinity.filter");
    private static final CycleState.Key<Map<String, Map<String, Long>>> SCORE = new CycleState.Key<>("InterPodAffinity.score");

    /** Domain counts: per topology key, per value, how many matching pods. */
    private record FilterState(Map<String, Map<String, Long>> existingAnti, List<AffinityTerm> affinity,
                               List<Map<String, Long>> affinityCounts, boolean affinitySelfMatch,
                               List<AffinityTerm> anti, List<Map<String, Long>> antiCounts) {
    }

    private final SchedulerHandle handle;
    private final long hardPodAffinityWeight;

    /** @param hardPodAffinityWeight the score weight of existing pods' required affinity towards the pod (args, default 1) */
    public InterPodAffinity(SchedulerHandle handle, long hardPodAffinityWeight) {
        this.handle = handle;
        this.hardPodAffinityWeight = hardPodAffinityWeight;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        Affinity a = pod.affinity();
        List<AffinityTerm> affinity = a == null || a.getPodAffinity() == null ? List.of()
                : AffinityTerm.of(pod, a.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution());
        List<AffinityTerm> anti = a == null || a.getPodAntiAffinity() == null ? List.of()
                : AffinityTerm.of(pod, a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution());
        List<NodeInfo> withAnti = snapshot.nodesWithRequiredAntiAffinityPods();
        if (affinity.isEmpty() && anti.isEmpty() && withAnti.isEmpty()) {
            return Status.skip();
        }
        Map<String, Map<String, Long>> existingAnti = new HashMap<>();
        for (NodeInfo node : withAnti) {
            for (PodInfo existing : node.pods()) {
                Affinity ea = existing.affinity();
                if (ea == null || ea.getPodAntiAffinity() == null) {
                    continue;
                }
                for (AffinityTerm term : AffinityTerm.of(existing, ea.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())) {
                    String value = node.labels().get(term.topologyKey());
                    if (value != null && term.matches(pod)) {
                        existingAnti.computeIfAbsent(term.topologyKey(), k -> new HashMap<>()).merge(value, 1L, Long::sum);
                    }
                }
            }
        }
        List<Map<String, Long>> affinityCounts = counts(affinity, snapshot);
        List<Map<String, Long>> antiCounts = counts(anti, snapshot);
        boolean selfMatch = true;
        for (AffinityTerm term : affinity) {
            selfMatch &= term.matches(pod);
        }
        state.write(FILTER, new FilterState(existingAnti, affinity, affinityCounts, selfMatch, anti, antiCounts));
        return Status.success();
    }

    private static List<Map<String, Long>> counts(List<AffinityTerm> terms, Snapshot snapshot) {
        if (terms.isEmpty()) {
            return List.of();
        }
        List<Map<String, Long>> out = new java.util.ArrayList<>();
        for (AffinityTerm term : terms) {
            Map<String, Long> counts = new HashMap<>();
            for (NodeInfo node : snapshot.nodes()) {
                String value = node.labels().get(term.topologyKey());
                if (value == null) {
                    continue;
                }
                for (PodInfo existing : node.pods()) {
                    if (term.matches(existing)) {
                        counts.merge(value, 1L, Long::sum);
                    }
                }
            }
            out.add(counts);
        }
        return out;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        FilterState s = state.read(FILTER);
        if (s == null) {
            return Status.success();
        }
        for (Map.Entry<String, Map<String, Long>> e : s.existingAnti().entrySet()) {
            String value = node.labels().get(e.getKey());
            if (value != null && e.getValue().getOrDefault(value, 0L) > 0) {
                return EXISTING_ANTI;
            }
        }
        if (!s.affinity().isEmpty()) {
            boolean noneAnywhere = true;
            for (Map<String, Long> c : s.affinityCounts()) {
                noneAnywhere &= c.isEmpty();
            }
            for (int i = 0; i < s.affinity().size(); i++) {
                AffinityTerm term = s.affinity().get(i);
                String value = node.labels().get(term.topologyKey());
                boolean found = value != null && s.affinityCounts().get(i).getOrDefault(value, 0L) > 0;
                if (!found && !(noneAnywhere && s.affinitySelfMatch() && value != null)) {
                    return AFFINITY;
                }
            }
        }
        for (int i = 0; i < s.anti().size(); i++) {
            String value = node.labels().get(s.anti().get(i).topologyKey());
            if (value != null && s.antiCounts().get(i).getOrDefault(value, 0L) > 0) {
                return ANTI;
            }
        }
        return Status.success();
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible) {
        Affinity a = pod.affinity();
        List<AffinityTerm> preferred = a == null || a.getPodAffinity() == null ? List.of()
                : AffinityTerm.weighted(pod, a.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution());
        List<AffinityTerm> preferredAnti = a == null || a.getPodAntiAffinity() == null ? List.of()
                : AffinityTerm.weighted(pod, a.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution());
        boolean own = !preferred.isEmpty() || !preferredAnti.isEmpty();
        // pods on every node count, not only on the feasible ones
        Snapshot snapshot = handle.snapshot();
        List<NodeInfo> nodes = own ? snapshot.nodes() : snapshot.nodesWithAffinityPods();
        if (!own && nodes.isEmpty()) {
            return Status.skip();
        }
        Map<String, Map<String, Long>> scores = new HashMap<>();
        for (NodeInfo node : nodes) {
            for (PodInfo existing : node.pods()) {
                for (AffinityTerm t : preferred) {
                    add(scores, node, t, t.matches(existing) ? t.weight() : 0);
                }
                for (AffinityTerm t : preferredAnti) {
                    add(scores, node, t, t.matches(existing) ? -t.weight() : 0);
                }
                Affinity ea = existing.affinity();
                if (ea == null) {
                    continue;
                }
                if (ea.getPodAffinity() != null) {
                    for (AffinityTerm t : AffinityTerm.of(existing, ea.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())) {
                        add(scores, node, t, t.matches(pod) ? hardPodAffinityWeight : 0);
                    }
                    for (AffinityTerm t : AffinityTerm.weighted(existing, ea.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())) {
                        add(scores, node, t, t.matches(pod) ? t.weight() : 0);
                    }
                }
                if (ea.getPodAntiAffinity() != null) {
                    for (AffinityTerm t : AffinityTerm.weighted(existing, ea.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())) {
                        add(scores, node, t, t.matches(pod) ? -t.weight() : 0);
                    }
                }
            }
        }
        if (scores.isEmpty()) {
            return Status.skip();
        }
        state.write(SCORE, scores);
        return Status.success();
    }

    private static void add(Map<String, Map<String, Long>> scores, NodeInfo node, AffinityTerm t, long weight) {
        if (weight == 0) {
            return;
        }
        String value = node.labels().get(t.topologyKey());
        if (value != null) {
            scores.computeIfAbsent(t.topologyKey(), k -> new HashMap<>()).merge(value, weight, Long::sum);
        }
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        Map<String, Map<String, Long>> scores = state.read(SCORE);
        if (scores == null) {
            return 0;
        }
        long sum = 0;
        for (Map.Entry<String, Map<String, Long>> e : scores.entrySet()) {
            String value = node.labels().get(e.getKey());
            if (value != null) {
                sum += e.getValue().getOrDefault(value, 0L);
            }
        }
        return sum;
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, NodeScores scores) {
        minMax(scores);
    }

    /** Maps min..max onto 0..100; all equal gives 0. */
    static void minMax(NodeScores scores) {
        if (scores.size() == 0) {
            return;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < scores.size(); i++) {
            min = Math.min(min, scores.get(i));
            max = Math.max(max, scores.get(i));
        }
        for (int i = 0; i < scores.size(); i++) {
            scores.set(i, max == min ? 0 : MAX_SCORE * (scores.get(i) - min) / (max - min));
        }
    }
}
