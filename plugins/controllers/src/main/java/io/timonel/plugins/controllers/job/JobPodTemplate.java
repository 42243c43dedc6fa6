package io.timonel.plugins.controllers.job;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.timonel.plugins.controllers.kit.Owners;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pod a job starts, from its template: the job's labels (new and legacy names), the tracking
 * finalizer, the job as controller; for an Indexed job also the completion index as label,
 * annotation and {@code JOB_COMPLETION_INDEX}, and the hostname {@code <job>-<index>}.
 */
final class JobPodTemplate {
    static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
    static final String JOB_NAME = "batch.kubernetes.io/job-name";

    private JobPodTemplate() {
    }

    /**
     * @param spec          a copy of the template's pod spec, which this method changes
     * @param index         the completion index, or -1 for a NonIndexed job
     * @param indexFailures earlier failures of that index (written when {@code backoffLimitPerIndex} is set)
     */
    static Pod podFor(Job job, PodSpec spec, int index, int indexFailures) {
        String name = job.getMetadata().getName();
        String uid = job.getMetadata().getUid();
        var template = job.getSpec().getTemplate();
        ObjectMeta templateMeta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        Map<String, String> labels = new LinkedHashMap<>(templateMeta.getLabels() == null ? Map.of() : templateMeta.getLabels());
        labels.put(CONTROLLER_UID, uid);
        labels.put(JOB_NAME, name);
        labels.put("controller-uid", uid);
        labels.put("job-name", name);
        Map<String, String> annotations = new LinkedHashMap<>(templateMeta.getAnnotations() == null
                ? Map.of() : templateMeta.getAnnotations());
        ObjectMeta meta = new ObjectMeta();
        if (index >= 0) {
            labels.put(JobPods.INDEX_LABEL, Integer.toString(index));
            annotations.put(JobPods.INDEX_ANNOTATION, Integer.toString(index));
            if (job.getSpec().getBackoffLimitPerIndex() != null) {
                annotations.put(JobPods.INDEX_FAILURE_COUNT, Integer.toString(indexFailures));
            }
            EnvVar env = new EnvVarBuilder().withName("JOB_COMPLETION_INDEX").withNewValueFrom().withNewFieldRef()
                    .withFieldPath("metadata.labels['" + JobPods.INDEX_LABEL + "']").endFieldRef().endValueFrom().build();
            spec.getContainers().forEach(c -> addEnv(c, env));
            if (spec.getInitContainers() != null) {
                spec.getInitContainers().forEach(c -> addEnv(c, env));
            }
            if (spec.getHostname() == null || spec.getHostname().isEmpty()) {
                spec.setHostname(name + "-" + index);
            }
            meta.setGenerateName(name + "-" + index + "-");
        } else {
            meta.setGenerateName(name + "-");
        }
        meta.setNamespace(job.getMetadata().getNamespace());
        meta.setLabels(labels);
        meta.setAnnotations(annotations.isEmpty() ? null : annotations);
        meta.setFinalizers(new ArrayList<>(List.of(JobPods.TRACKING_FINALIZER)));
        meta.setOwnerReferences(List.of(Owners.controllerRef(job)));
        Pod pod = new Pod();
        pod.setMetadata(meta);
        pod.setSpec(spec);
        return pod;
    }

    private static void addEnv(Container container, EnvVar env) {
        List<EnvVar> list = container.getEnv() == null ? new ArrayList<>() : new ArrayList<>(container.getEnv());
        if (list.stream().noneMatch(e -> env.getName().equals(e.getName()))) {
            list.add(env);
        }
        container.setEnv(list);
    }
}
