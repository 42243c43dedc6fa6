package io.timonel.plugins.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.timonel.plugins.controllers.kit.SelectorMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a DaemonSet's pod belongs on a node, as Kubernetes' nodeShouldRunDaemonPod: the node
 * must match the template's nodeSelector and required node affinity, and the pod (with the
 * tolerations every daemon pod gets) must tolerate the node's NoSchedule and NoExecute taints to
 * be placed; a pod already there keeps running while it tolerates the NoExecute ones.
 */
public final class NodeEligibility {

    /** Whether to place a pod, and whether a pod already there may stay. */
    public record Verdict(boolean shouldRun, boolean shouldContinueRunning) {
    }

    private NodeEligibility() {
    }

    /** The tolerations Kubernetes adds to every daemon pod, so node conditions never evict it. */
    public static List<Toleration> withDefaultTolerations(List<Toleration> declared, boolean hostNetwork) {
        List<Toleration> all = new ArrayList<>(declared == null ? List.of() : declared);
        add(all, "node.kubernetes.io/not-ready", "NoExecute");
        add(all, "node.kubernetes.io/unreachable", "NoExecute");
        add(all, "node.kubernetes.io/disk-pressure", "NoSchedule");
        add(all, "node.kubernetes.io/memory-pressure", "NoSchedule");
        add(all, "node.kubernetes.io/pid-pressure", "NoSchedule");
        add(all, "node.kubernetes.io/unschedulable", "NoSchedule");
        if (hostNetwork) {
            add(all, "node.kubernetes.io/network-unavailable", "NoSchedule");
        }
        return all;
    }

    private static void add(List<Toleration> all, String key, String effect) {
        all.removeIf(t -> key.equals(t.getKey()) && effect.equals(t.getEffect()));
        all.add(new TolerationBuilder().withKey(key).withOperator("Exists").withEffect(effect).build());
    }

    /** The verdict for a pod with {@code spec} (the DaemonSet's template) on {@code node}. */
    public static Verdict evaluate(PodSpec spec, Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        if (spec.getNodeSelector() != null && !spec.getNodeSelector().isEmpty()
                && !SelectorMatch.matchesMap(spec.getNodeSelector(), labels)) {
            return new Verdict(false, false);
        }
        var affinity = spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null ? null
                : spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        if (affinity != null && !anyTermMatches(affinity.getNodeSelectorTerms(), node)) {
            return new Verdict(false, false);
        }
        List<Toleration> tolerations = withDefaultTolerations(spec.getTolerations(),
                Boolean.TRUE.equals(spec.getHostNetwork()));
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints();
        boolean fits = true;
        boolean staying = true;
        for (Taint taint : taints) {
            if ("PreferNoSchedule".equals(taint.getEffect())) {
                continue;
            }
            if (!tolerated(taint, tolerations)) {
                fits = false;
                if ("NoExecute".equals(taint.getEffect())) {
                    staying = false;
                }
            }
        }
        return new Verdict(fits, fits || staying);
    }

    static boolean anyTermMatches(List<NodeSelectorTerm> terms, Node node) {
        if (terms == null) {
            return false;
        }
        for (NodeSelectorTerm term : terms) {
            boolean empty = (term.getMatchExpressions() == null || term.getMatchExpressions().isEmpty())
                    && (term.getMatchFields() == null || term.getMatchFields().isEmpty());
            if (!empty && termMatches(term, node)) {
                return true;
            }
        }
        return false;
    }

    private static boolean termMatches(NodeSelectorTerm term, Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        if (term.getMatchExpressions() != null) {
            for (NodeSelectorRequirement r : term.getMatchExpressions()) {
                if (!SelectorMatch.matches(r.getKey(), r.getOperator(), r.getValues(), labels)) {
                    return false;
                }
            }
        }
        if (term.getMatchFields() != null) {
            Map<String, String> fields = Map.of("metadata.name", node.getMetadata().getName());
            for (NodeSelectorRequirement r : term.getMatchFields()) {
                if (!SelectorMatch.matches(r.getKey(), r.getOperator(), r.getValues(), fields)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether some toleration tolerates {@code taint}. */
    public static boolean tolerated(Taint taint, List<Toleration> tolerations) {
        for (Toleration t : tolerations) {
            boolean effect = t.getEffect() == null || t.getEffect().isEmpty() || t.getEffect().equals(taint.getEffect());
            boolean key = t.getKey() == null || t.getKey().isEmpty() ? "Exists".equals(t.getOperator())
                    : t.getKey().equals(taint.getKey());
            boolean value = "Exists".equals(t.getOperator())
                    || java.util.Objects.equals(t.getValue() == null ? "" : t.getValue(),
                    taint.getValue() == null ? "" : taint.getValue());
            if (effect && key && value) {
                return true;
            }
        }
        return false;
    }
}
