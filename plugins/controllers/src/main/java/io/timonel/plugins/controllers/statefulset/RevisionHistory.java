package io.timonel.plugins.controllers.statefulset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.timonel.plugins.controllers.kit.ControllerRevisions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The revision bookkeeping StatefulSets and DaemonSets share: find or create the revision of the
 * current template (a template seen before has its old revision renumbered as the newest, which is
 * how a rollback looks), and delete the oldest revisions no pod uses beyond the history limit.
 */
public final class RevisionHistory {
    private RevisionHistory() {
    }

    /** The outcome: the revision for the template, and the collision count to record. */
    public record Update(ControllerRevision revision, Integer collisionCount) {
    }

    /**
     * The revision holding {@code template}, among {@code owned} (sorted by number), created or
     * renumbered through {@code client} when needed.
     */
    public static Update ensure(KubernetesClient client, HasMetadata owner, PodTemplateSpec template,
                                List<ControllerRevision> owned, Integer collisionCount) {
        List<ControllerRevision> sorted = new ArrayList<>(owned);
        sorted.sort(Comparator.comparingLong(r -> r.getRevision() == null ? 0 : r.getRevision()));
        long next = ControllerRevisions.maxRevision(sorted) + 1;
        Object data = ControllerRevisions.data(template);
        List<ControllerRevision> equal = sorted.stream().filter(r -> ControllerRevisions.sameData(r, data)).toList();
        if (!equal.isEmpty()) {
            ControllerRevision found = equal.get(equal.size() - 1);
            if (found == sorted.get(sorted.size() - 1)) {
                return new Update(found, collisionCount);
            }
            ControllerRevision renumbered = new ControllerRevisionBuilder(found).withRevision(next).build();
            return new Update(client.apps().controllerRevisions().inNamespace(owner.getMetadata().getNamespace())
                    .resource(renumbered).update(), collisionCount);
        }
        Integer count = collisionCount;
        for (int attempt = 0; attempt < 5; attempt++) {
            ControllerRevision fresh = ControllerRevisions.build(owner, template, next, count);
            try {
                return new Update(client.apps().controllerRevisions().inNamespace(owner.getMetadata().getNamespace())
                        .resource(fresh).create(), count);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                ControllerRevision there = client.apps().controllerRevisions()
                        .inNamespace(owner.getMetadata().getNamespace()).withName(fresh.getMetadata().getName()).get();
                if (there != null && ControllerRevisions.sameData(there, data)) {
                    return new Update(there, count); // our cache had not seen it
                }
                count = count == null ? 1 : count + 1;
            }
        }
        throw new IllegalStateException("too many hash collisions for " + owner.getMetadata().getName());
    }

    /** Deletes the oldest revisions not in {@code live} beyond {@code limit}. */
    public static void truncate(KubernetesClient client, List<ControllerRevision> owned, Set<String> live, int limit) {
        List<ControllerRevision> dead = new ArrayList<>(owned.stream()
                .filter(r -> !live.contains(r.getMetadata().getName())).toList());
        dead.sort(Comparator.comparingLong(r -> r.getRevision() == null ? 0 : r.getRevision()));
        for (int i = 0; i < dead.size() - limit; i++) {
            try {
                client.apps().controllerRevisions().inNamespace(dead.get(i).getMetadata().getNamespace())
                        .resource(dead.get(i)).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }
}
