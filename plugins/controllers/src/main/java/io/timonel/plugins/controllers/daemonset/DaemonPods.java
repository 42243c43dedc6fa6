package io.timonel.plugins.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.timonel.plugins.controllers.kit.ControllerRevisions;
import io.timonel.plugins.controllers.kit.Owners;
import io.timonel.plugins.controllers.replicaset.ReplicaSetLoop;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A DaemonSet's pod for one node: the template with the default daemon tolerations, the revision
 * hash and template generation labels, and a required node affinity naming that node alone
 * ({@code matchFields metadata.name In [node]}), which the scheduler honours when it binds it.
 */
public final class DaemonPods {
    static final String TEMPLATE_GENERATION = "pod-template-generation";

    private DaemonPods() {
    }

    public static Pod newPod(DaemonSet ds, PodTemplateSpec template, String nodeName, String hash) {
        Pod pod = ReplicaSetLoop.podFromTemplate(template, ds.getMetadata().getNamespace(),
                ds.getMetadata().getName() + "-", Owners.controllerRef(ds));
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? new HashMap<>()
                : new HashMap<>(pod.getMetadata().getLabels());
        labels.put(ControllerRevisions.HASH_LABEL, hash);
        if (ds.getMetadata().getGeneration() != null) {
            labels.put(TEMPLATE_GENERATION, Long.toString(ds.getMetadata().getGeneration()));
        }
        pod.getMetadata().setLabels(labels);
        pod.getSpec().setTolerations(NodeEligibility.withDefaultTolerations(pod.getSpec().getTolerations(),
                Boolean.TRUE.equals(pod.getSpec().getHostNetwork())));
        pod.getSpec().setAffinity(pinnedTo(pod.getSpec().getAffinity(), nodeName));
        return pod;
    }

    /** {@code affinity} with its required node terms replaced by the one naming {@code nodeName}. */
    static Affinity pinnedTo(Affinity affinity, String nodeName) {
        var term = new NodeSelectorTermBuilder().withMatchFields(new NodeSelectorRequirementBuilder()
                .withKey("metadata.name").withOperator("In").withValues(nodeName).build()).build();
        AffinityBuilder builder = affinity == null ? new AffinityBuilder() : new AffinityBuilder(affinity);
        return builder.editOrNewNodeAffinity().editOrNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withNodeSelectorTerms(term).endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity()
                .build();
    }

    /** The node a daemon pod is bound to, or pinned to while unscheduled; null if neither. */
    public static String targetNode(Pod pod) {
        if (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty()) {
            return pod.getSpec().getNodeName();
        }
        var affinity = pod.getSpec().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return null;
        }
        for (var term : affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()) {
            List<io.fabric8.kubernetes.api.model.NodeSelectorRequirement> fields = term.getMatchFields();
            if (fields == null) {
                continue;
            }
            for (var r : fields) {
                if ("metadata.name".equals(r.getKey()) && "In".equals(r.getOperator()) && r.getValues() != null
                        && r.getValues().size() == 1) {
                    return r.getValues().get(0);
                }
            }
        }
        return null;
    }
}
