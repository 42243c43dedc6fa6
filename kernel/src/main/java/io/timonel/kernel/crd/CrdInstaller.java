package io.timonel.kernel.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.api.ApiException;
import io.timonel.kernel.json.Json;
import io.timonel.kernel.objects.ObjectService;
import io.timonel.kernel.objects.WriteOptions;
import io.timonel.kernel.objects.WriteOutcome;
import io.timonel.kernel.registry.ResourceRegistry;
import io.timonel.spi.resource.ResourceType;
import java.util.List;

/**
 * Installs CRDs that ship with plugins: creates each manifest, or brings an existing CRD's
 * {@code spec}, labels and annotations to the manifest's. Writes go through the normal write
 * path, so invalid manifests are refused with the same 422 a client would get.
 */
public final class CrdInstaller {
    private final ObjectService objects;
    private final ResourceRegistry registry;
    private final WriteOptions writer = WriteOptions.system("timonel-plugin-crds");

    public CrdInstaller(ObjectService objects, ResourceRegistry registry) {
        this.objects = objects;
        this.registry = registry;
    }

    /** What installing one manifest did. */
    public enum Outcome {
        /** The CRD did not exist and was created. */
        CREATED,
        /** The CRD existed and its spec, labels or annotations were brought to the manifest's. */
        UPDATED,
        /** The CRD existed exactly as the manifest describes it. */
        UNCHANGED
    }

    /**
     * Creates or updates one CRD.
     *
     * @throws ApiException when the manifest is invalid (422) or no plugin serves CRDs
     */
    public Outcome install(JsonNode manifest) {
        ResourceType type = registry.find(CrdValidation.GROUP, "v1", CrdValidation.PLURAL)
                .orElseThrow(() -> ApiException.internal("no plugin provides apiextensions.k8s.io/v1 CRDs"));
        ObjectNode body = manifest.deepCopy();
        String name = body.path("metadata").path("name").asText("");
        if (objects.cache().get(io.timonel.kernel.objects.Keys.key(type, "", name)) == null) {
            try {
                objects.create(type, "", body, writer);
                return Outcome.CREATED;
            } catch (ApiException e) {
                if (e.code() != 409) {
                    throw e;
                }
            }
        }
        String[] before = {""};
        WriteOutcome outcome = objects.guaranteedUpdate(type, "", name, "", writer, "", current -> {
            before[0] = current.path("metadata").path("resourceVersion").asText();
            ObjectNode meta = Json.with(current, "metadata");
            for (String field : List.of("labels", "annotations")) {
                JsonNode wanted = body.path("metadata").get(field);
                if (wanted != null) {
                    meta.set(field, wanted.deepCopy());
                }
            }
            current.set("spec", body.path("spec").deepCopy());
            return current;
        });
        // Defaults make a manifest differ from what is stored; the write path skips writes that change nothing.
        String after = outcome.object().path("metadata").path("resourceVersion").asText();
        return after.equals(before[0]) ? Outcome.UNCHANGED : Outcome.UPDATED;
    }
}
