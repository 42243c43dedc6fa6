package io.timonel.plugins.scheduler.policies;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.timonel.plugins.scheduler.match.LabelSelectors;
import io.timonel.spi.scheduler.PodInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A pod (anti-)affinity term resolved against the pod that declares it: its selector, the
 * namespaces it looks in ({@code null}: all), its topology key and weight.
 */
record AffinityTerm(LabelSelector selector, Set<String> namespaces, String topologyKey, long weight) {

    /** Whether {@code other} is a pod this term selects. */
    boolean matches(PodInfo other) {
        return (namespaces == null || namespaces.contains(other.namespace())) && LabelSelectors.matches(selector, other.labels());
    }

    static List<AffinityTerm> of(PodInfo owner, List<PodAffinityTerm> terms) {
        if (terms == null || terms.isEmpty()) {
            return List.of();
        }
        List<AffinityTerm> out = new ArrayList<>(terms.size());
        for (PodAffinityTerm t : terms) {
            out.add(resolve(owner, t, 1));
        }
        return out;
    }

    static List<AffinityTerm> weighted(PodInfo owner, List<WeightedPodAffinityTerm> terms) {
        if (terms == null || terms.isEmpty()) {
            return List.of();
        }
        List<AffinityTerm> out = new ArrayList<>(terms.size());
        for (WeightedPodAffinityTerm t : terms) {
            out.add(resolve(owner, t.getPodAffinityTerm(), t.getWeight() == null ? 0 : t.getWeight()));
        }
        return out;
    }

    /**
     * Namespaces: those listed; else all when the namespace selector is empty ({@code {}});
     * else the owner's own. (A non-empty namespace selector is read as the owner's namespace:
     * the scheduler does not watch namespaces.)
     */
    private static AffinityTerm resolve(PodInfo owner, PodAffinityTerm t, long weight) {
        Set<String> namespaces;
        if (t.getNamespaces() != null && !t.getNamespaces().isEmpty()) {
            namespaces = Set.copyOf(t.getNamespaces());
        } else if (t.getNamespaceSelector() != null && isEmpty(t.getNamespaceSelector())) {
            namespaces = null;
        } else {
            namespaces = Set.of(owner.namespace());
        }
        return new AffinityTerm(t.getLabelSelector(), namespaces, t.getTopologyKey(), weight);
    }

    private static boolean isEmpty(LabelSelector s) {
        return (s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
                && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty());
    }
}
