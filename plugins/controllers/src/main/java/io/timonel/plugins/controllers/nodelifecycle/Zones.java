package io.timonel.plugins.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Kubernetes' zone health, which decides whether and how fast unresponsive nodes get the
 * NoExecute taints that evict their pods. A zone (the node labels {@code topology.kubernetes.io/region}
 * and {@code /zone}; unlabelled nodes form one zone) is in full disruption when none of its nodes is
 * ready, in partial disruption when more than two and at least {@code unhealthyThreshold} (55%) are
 * not ready, normal otherwise. When every zone is in full disruption the control plane itself is the
 * likelier culprit, and nothing is evicted; a partially disrupted zone is tainted slowly in a large
 * cluster and not at all in a small one.
 *
 * @param states          zone key → state
 * @param sizes           zone key → number of nodes
 * @param allFullyDisrupted whether every zone is in full disruption
 */
record Zones(Map<String, State> states, Map<String, Integer> sizes, boolean allFullyDisrupted) {

    enum State {
        /** At most two, or under the threshold, of its nodes are not ready. */
        NORMAL,
        /** More than two and at least the threshold of its nodes are not ready. */
        PARTIAL_DISRUPTION,
        /** None of its nodes is ready. */
        FULL_DISRUPTION
    }

    static String zoneOf(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        if (labels == null) {
            return "";
        }
        String region = labels.getOrDefault("topology.kubernetes.io/region", "");
        String zone = labels.getOrDefault("topology.kubernetes.io/zone", "");
        return region.isEmpty() && zone.isEmpty() ? "" : region + ":\u0000:" + zone;
    }

    static Zones of(Collection<Node> nodes, double unhealthyThreshold) {
        Map<String, int[]> counts = new HashMap<>(); // [ready, notReady]
        for (Node node : nodes) {
            int[] c = counts.computeIfAbsent(zoneOf(node), z -> new int[2]);
            c["True".equals(NodeConditions.readiness(node)) ? 0 : 1]++;
        }
        Map<String, State> states = new HashMap<>();
        Map<String, Integer> sizes = new HashMap<>();
        boolean allFull = !counts.isEmpty();
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            int ready = e.getValue()[0];
            int notReady = e.getValue()[1];
            State state;
            if (ready == 0 && notReady > 0) {
                state = State.FULL_DISRUPTION;
            } else if (notReady > 2 && (double) notReady / (notReady + ready) >= unhealthyThreshold) {
                state = State.PARTIAL_DISRUPTION;
            } else {
                state = State.NORMAL;
            }
            allFull &= state == State.FULL_DISRUPTION;
            states.put(e.getKey(), state);
            sizes.put(e.getKey(), ready + notReady);
        }
        return new Zones(states, sizes, allFull);
    }

    /**
     * Nodes per second that may get NoExecute taints in {@code zone}: {@code rate} normally and in
     * full disruption, {@code secondaryRate} in partial disruption of a zone larger than
     * {@code largeClusterSize}, none in partial disruption of a smaller one.
     */
    double taintRate(String zone, double rate, double secondaryRate, int largeClusterSize) {
        State state = states.getOrDefault(zone, State.NORMAL);
        if (state != State.PARTIAL_DISRUPTION) {
            return rate;
        }
        return sizes.getOrDefault(zone, 0) > largeClusterSize ? secondaryRate : 0;
    }
}
