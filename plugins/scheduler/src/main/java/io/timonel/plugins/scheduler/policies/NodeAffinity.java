package io.timonel.plugins.scheduler.policies;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.timonel.plugins.scheduler.match.NodeSelectors;
import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.Filter;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.NodeScores;
import io.timonel.spi.scheduler.NormalizeScore;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.Status;
import java.util.List;
import java.util.Map;

/**
 * Filters by {@code spec.nodeSelector} and required node affinity; scores by the weights of the
 * preferred node-affinity terms a node matches, normalised to 0..100.
 */
public final class NodeAffinity implements Filter, NormalizeScore {

    public static final String NAME = "NodeAffinity";
    static final Status MISMATCH = Status.unresolvable("node(s) didn't match Pod's node affinity/selector").from(NAME);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        return requiredMatches(pod, node) ? Status.success() : MISMATCH;
    }

    /** Whether the node satisfies the pod's node selector and required node affinity. */
    public static boolean requiredMatches(PodInfo pod, NodeInfo node) {
        Map<String, String> selector = pod.pod().getSpec().getNodeSelector();
        if (selector != null) {
            for (Map.Entry<String, String> e : selector.entrySet()) {
                if (!e.getValue().equals(node.labels().get(e.getKey()))) {
                    return false;
                }
            }
        }
        Affinity affinity = pod.affinity();
        if (affinity != null && affinity.getNodeAffinity() != null) {
            NodeSelector required = affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
            return required == null || NodeSelectors.matches(required, node);
        }
        return true;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        Affinity affinity = pod.affinity();
        if (affinity == null || affinity.getNodeAffinity() == null) {
            return 0;
        }
        List<PreferredSchedulingTerm> preferred = affinity.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
        if (preferred == null) {
            return 0;
        }
        long sum = 0;
        for (PreferredSchedulingTerm term : preferred) {
            if (term.getWeight() != null && term.getWeight() != 0 && NodeSelectors.matches(term.getPreference(), node)) {
                sum += term.getWeight();
            }
        }
        return sum;
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, NodeScores scores) {
        scores.normalize(false);
    }
}
