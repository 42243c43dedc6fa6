package io.timonel.plugins.controllers.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.timonel.plugins.controllers.kit.ControllerRevisions;
import io.timonel.plugins.controllers.kit.Owners;
import io.timonel.plugins.controllers.replicaset.ReplicaSetLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stable identity of a StatefulSet's pods: {@code <set>-<ordinal>}, the labels naming the pod
 * and its index, hostname and subdomain, and one PersistentVolumeClaim per claim template,
 * {@code <template>-<set>-<ordinal>}, mounted in place of the template's volume of that name.
 */
public final class StatefulPods {
    public static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    public static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

    private StatefulPods() {
    }

    /** The ordinal in {@code podName} if it is one of {@code set}'s names, else -1. */
    public static int ordinal(String setName, String podName) {
        if (!podName.startsWith(setName + "-")) {
            return -1;
        }
        String suffix = podName.substring(setName.length() + 1);
        if (suffix.isEmpty() || !suffix.chars().allMatch(Character::isDigit) || suffix.length() > 9
                || (suffix.length() > 1 && suffix.startsWith("0"))) {
            return -1;
        }
        return Integer.parseInt(suffix);
    }

    public static String podName(StatefulSet set, int ordinal) {
        return set.getMetadata().getName() + "-" + ordinal;
    }

    public static String claimName(String template, StatefulSet set, int ordinal) {
        return template + "-" + set.getMetadata().getName() + "-" + ordinal;
    }

    /** The pod of {@code ordinal} from {@code template} at revision {@code revisionName}. */
    public static Pod newPod(StatefulSet set, PodTemplateSpec template, int ordinal, String revisionName) {
        Pod pod = ReplicaSetLoop.podFromTemplate(template, set.getMetadata().getNamespace(), null,
                Owners.controllerRef(set));
        String name = podName(set, ordinal);
        pod.getMetadata().setName(name);
        pod.getMetadata().setGenerateName(null);
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? new HashMap<>()
                : new HashMap<>(pod.getMetadata().getLabels());
        labels.put(POD_NAME_LABEL, name);
        labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
        labels.put(ControllerRevisions.HASH_LABEL, revisionName);
        pod.getMetadata().setLabels(labels);
        pod.getSpec().setHostname(name);
        if (set.getSpec().getServiceName() != null && !set.getSpec().getServiceName().isEmpty()) {
            pod.getSpec().setSubdomain(set.getSpec().getServiceName());
        }
        if (set.getSpec().getVolumeClaimTemplates() != null && !set.getSpec().getVolumeClaimTemplates().isEmpty()) {
            List<Volume> volumes = new ArrayList<>();
            List<String> claimed = set.getSpec().getVolumeClaimTemplates().stream()
                    .map(t -> t.getMetadata().getName()).toList();
            if (pod.getSpec().getVolumes() != null) {
                pod.getSpec().getVolumes().stream().filter(v -> !claimed.contains(v.getName())).forEach(volumes::add);
            }
            for (String t : claimed) {
                volumes.add(new VolumeBuilder().withName(t).withNewPersistentVolumeClaim()
                        .withClaimName(claimName(t, set, ordinal)).endPersistentVolumeClaim().build());
            }
            pod.getSpec().setVolumes(volumes);
        }
        return pod;
    }

    /** The claims the pod of {@code ordinal} needs, as they would be created. */
    public static List<PersistentVolumeClaim> claims(StatefulSet set, int ordinal) {
        if (set.getSpec().getVolumeClaimTemplates() == null) {
            return List.of();
        }
        List<PersistentVolumeClaim> claims = new ArrayList<>();
        Map<String, String> selectorLabels = set.getSpec().getSelector() == null
                || set.getSpec().getSelector().getMatchLabels() == null ? Map.of()
                : set.getSpec().getSelector().getMatchLabels();
        boolean deleteWithSet = set.getSpec().getPersistentVolumeClaimRetentionPolicy() != null
                && "Delete".equals(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted());
        for (PersistentVolumeClaim t : set.getSpec().getVolumeClaimTemplates()) {
            Map<String, String> labels = new HashMap<>(t.getMetadata().getLabels() == null ? Map.of()
                    : t.getMetadata().getLabels());
            labels.putAll(selectorLabels);
            PersistentVolumeClaimBuilder claim = new PersistentVolumeClaimBuilder()
                    .withNewMetadata().withName(claimName(t.getMetadata().getName(), set, ordinal))
                    .withNamespace(set.getMetadata().getNamespace()).withLabels(labels)
                    .withAnnotations(t.getMetadata().getAnnotations()).endMetadata()
                    .withSpec(t.getSpec());
            if (deleteWithSet) {
                var ref = Owners.controllerRef(set);
                ref.setController(false);
                claim.editMetadata().withOwnerReferences(ref).endMetadata();
            }
            claims.add(claim.build());
        }
        return claims;
    }
}
