package io.timonel.plugins.controllers.kit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Adoption and release by selector, as Kubernetes' ControllerRefManager: a controller owns the
 * objects that name it as controller and match its selector; it adopts orphans that match (unless
 * it or they are being deleted) and releases those it controls that stopped matching. Adoption and
 * release are merge patches of {@code metadata.ownerReferences} with the object's uid and
 * resourceVersion as preconditions, so a stale cache never overwrites someone else's claim.
 */
public final class OwnershipClaims {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OwnershipClaims() {
    }

    /**
     * The objects among {@code candidates} that {@code owner} controls after adopting and
     * releasing. A failed adoption leaves that object out; a failed release leaves it out too.
     */
    public static <T extends HasMetadata> List<T> claim(KubernetesClient client, HasMetadata owner, OwnerReference ref,
                                                        Predicate<T> matches, List<T> candidates) {
        String uid = owner.getMetadata().getUid();
        boolean ownerDeleting = owner.getMetadata().getDeletionTimestamp() != null;
        List<T> claimed = new ArrayList<>();
        for (T candidate : candidates) {
            var controller = Owners.controllerOf(candidate);
            if (controller.isPresent()) {
                if (!uid.equals(controller.get().getUid())) {
                    continue;
                }
                if (matches.test(candidate)) {
                    claimed.add(candidate);
                } else if (!ownerDeleting) {
                    release(client, candidate, uid);
                }
                continue;
            }
            if (ownerDeleting || candidate.getMetadata().getDeletionTimestamp() != null || !matches.test(candidate)) {
                continue;
            }
            if (adopt(client, candidate, ref)) {
                claimed.add(candidate);
            }
        }
        return claimed;
    }

    /** Adds {@code ref} to {@code object}'s owners; false if the API refused (changed, gone). */
    public static boolean adopt(KubernetesClient client, HasMetadata object, OwnerReference ref) {
        List<OwnerReference> refs = new ArrayList<>();
        if (object.getMetadata().getOwnerReferences() != null) {
            object.getMetadata().getOwnerReferences().stream()
                    .filter(r -> !ref.getUid().equals(r.getUid())).forEach(refs::add);
        }
        refs.add(ref);
        return patchOwners(client, object, refs);
    }

    /** Removes the owner with {@code ownerUid} from {@code object}'s owners. */
    public static boolean release(KubernetesClient client, HasMetadata object, String ownerUid) {
        List<OwnerReference> refs = new ArrayList<>(object.getMetadata().getOwnerReferences());
        refs.removeIf(r -> ownerUid.equals(r.getUid()));
        return patchOwners(client, object, refs);
    }

    private static boolean patchOwners(KubernetesClient client, HasMetadata object, List<OwnerReference> refs) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("uid", object.getMetadata().getUid());
        metadata.put("resourceVersion", object.getMetadata().getResourceVersion());
        metadata.put("ownerReferences", refs.isEmpty() ? null : refs);
        try {
            client.resource(object).patch(PatchContext.of(PatchType.JSON_MERGE),
                    JSON.writeValueAsString(Map.of("metadata", metadata)));
            return true;
        } catch (KubernetesClientException e) {
            return false;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
