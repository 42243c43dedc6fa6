package io.timonel.plugins.controllers.kit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ControllerRevisions StatefulSets and DaemonSets keep their pod templates in, shaped as
 * Kubernetes writes them: {@code data} is a strategic merge patch
 * {@code {"spec":{"template":{..., "$patch":"replace"}}}} that {@code kubectl rollout undo}
 * applies to go back; the name is {@code <owner>-<hash>}, the hash of that data.
 */
public final class ControllerRevisions {
    /** The label on revisions and pods naming the revision's hash. */
    public static final String HASH_LABEL = "controller-revision-hash";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ControllerRevisions() {
    }

    /** The revision data for {@code template}. */
    public static Map<String, Object> data(PodTemplateSpec template) {
        Map<String, Object> t = new LinkedHashMap<>(JSON.convertValue(template, new TypeReference<Map<String, Object>>() {
        }));
        t.put("$patch", "replace");
        return Map.of("spec", Map.of("template", t));
    }

    /** The pod template a revision holds. */
    @SuppressWarnings("unchecked")
    public static PodTemplateSpec template(ControllerRevision revision) {
        Map<String, Object> data = JSON.convertValue(revision.getData(), new TypeReference<Map<String, Object>>() {
        });
        Map<String, Object> spec = (Map<String, Object>) data.get("spec");
        Map<String, Object> t = new HashMap<>((Map<String, Object>) spec.get("template"));
        t.remove("$patch");
        return JSON.convertValue(t, PodTemplateSpec.class);
    }

    /** The hash naming a revision of this data, salted with {@code collisionCount}. */
    public static String hash(Object data, Integer collisionCount) {
        return TemplateHash.ofBytes(TemplateHash.semanticJson(data).getBytes(StandardCharsets.UTF_8), collisionCount);
    }

    /** Whether two revisions hold the same template. */
    public static boolean sameData(ControllerRevision a, Object data) {
        return TemplateHash.semanticJson(JSON.convertValue(a.getData(), Object.class))
                .equals(TemplateHash.semanticJson(JSON.convertValue(data, Object.class)));
    }

    /**
     * A new (not yet created) revision of {@code owner}: labels are the template's plus the hash,
     * annotations the owner's, controlled by the owner.
     */
    public static ControllerRevision build(HasMetadata owner, PodTemplateSpec template, long revision,
                                           Integer collisionCount) {
        Map<String, Object> data = data(template);
        String hash = hash(data, collisionCount);
        Map<String, String> labels = new HashMap<>(template.getMetadata() == null
                || template.getMetadata().getLabels() == null ? Map.of() : template.getMetadata().getLabels());
        labels.put(HASH_LABEL, hash);
        return new ControllerRevisionBuilder()
                .withNewMetadata().withName(owner.getMetadata().getName() + "-" + hash)
                .withNamespace(owner.getMetadata().getNamespace()).withLabels(labels)
                .withAnnotations(owner.getMetadata().getAnnotations() == null ? null
                        : new HashMap<>(owner.getMetadata().getAnnotations()))
                .withOwnerReferences(Owners.controllerRef(owner)).endMetadata()
                .withData(new io.fabric8.kubernetes.api.model.runtime.RawExtension(data)).withRevision(revision)
                .build();
    }

    /** The hash part of a revision (its label, else the name's suffix). */
    public static String hashOf(ControllerRevision revision) {
        Map<String, String> labels = revision.getMetadata().getLabels();
        if (labels != null && labels.get(HASH_LABEL) != null) {
            return labels.get(HASH_LABEL);
        }
        String name = revision.getMetadata().getName();
        return name.substring(name.lastIndexOf('-') + 1);
    }

    /** The highest revision number among {@code revisions} (0 if none). */
    public static long maxRevision(List<ControllerRevision> revisions) {
        return revisions.stream().mapToLong(r -> r.getRevision() == null ? 0 : r.getRevision()).max().orElse(0);
    }
}
