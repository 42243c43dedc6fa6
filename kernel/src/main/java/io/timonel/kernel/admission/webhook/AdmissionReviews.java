package io.timonel.kernel.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.spi.admission.AdmissionRequest;
import io.timonel.spi.admission.Operation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Writes {@code AdmissionReview} requests (admission.k8s.io/v1) and reads the webhooks' answers. */
public final class AdmissionReviews {
    static final String API_VERSION = "admission.k8s.io/v1";
    static final String KIND = "AdmissionReview";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What a webhook answered. */
    public sealed interface Reply {
        /**
         * The request may go on; a mutating webhook may have sent a patch.
         *
         * @param patch a JSON patch (operations array), or null
         */
        record Allow(JsonNode patch, List<String> warnings) implements Reply {
        }

        /** The webhook refused; {@code status} is its (possibly empty) Status. */
        record Deny(JsonNode status, List<String> warnings) implements Reply {
        }

        /** The answer cannot be used: it counts as a failed call. */
        record Unusable(String why) implements Reply {
        }
    }

    private AdmissionReviews() {
    }

    /**
     * The review sent for {@code request}, with {@code object} as the current (possibly already
     * mutated) object.
     */
    public static ObjectNode request(String uid, AdmissionRequest request, JsonNode object) {
        ObjectNode review = NODES.objectNode();
        review.put("apiVersion", API_VERSION);
        review.put("kind", KIND);
        ObjectNode r = review.putObject("request");
        r.put("uid", uid);
        boolean scale = "scale".equals(request.subresource());
        ObjectNode kind = scale ? gvk("autoscaling", "v1", "Scale")
                : gvk(request.type().group(), request.type().version(), request.type().kind());
        ObjectNode resource = NODES.objectNode();
        resource.put("group", request.type().group());
        resource.put("version", request.type().version());
        resource.put("resource", request.type().plural());
        r.set("kind", kind);
        r.set("resource", resource);
        if (!request.subresource().isEmpty()) {
            r.put("subResource", request.subresource());
        }
        r.set("requestKind", kind.deepCopy());
        r.set("requestResource", resource.deepCopy());
        if (!request.subresource().isEmpty()) {
            r.put("requestSubResource", request.subresource());
        }
        if (request.name() != null && !request.name().isEmpty()) {
            r.put("name", request.name());
        }
        // The API server reports a namespace's own name as the namespace of requests on it.
        String namespace = Rule.isNamespace(request) ? request.name() : request.namespace();
        if (namespace != null && !namespace.isEmpty()) {
            r.put("namespace", namespace);
        }
        r.put("operation", request.operation().name());
        ObjectNode user = r.putObject("userInfo");
        user.put("username", request.user().name());
        if (!request.user().uid().isEmpty()) {
            user.put("uid", request.user().uid());
        }
        ArrayNode groups = user.putArray("groups");
        request.user().groupList().forEach(groups::add);
        r.set("object", object == null ? NODES.nullNode() : object);
        r.set("oldObject", request.oldObject() == null ? NODES.nullNode() : request.oldObject());
        r.put("dryRun", request.dryRun());
        r.set("options", options(request.operation(), request.dryRun()));
        return review;
    }

    private static ObjectNode gvk(String group, String version, String kind) {
        ObjectNode node = NODES.objectNode();
        node.put("group", group);
        node.put("version", version);
        node.put("kind", kind);
        return node;
    }

    private static JsonNode options(Operation operation, boolean dryRun) {
        String kind = switch (operation) {
            case CREATE -> "CreateOptions";
            case UPDATE -> "UpdateOptions";
            case DELETE -> "DeleteOptions";
            case CONNECT -> null;
        };
        if (kind == null) {
            return NODES.nullNode();
        }
        ObjectNode options = NODES.objectNode();
        options.put("kind", kind);
        options.put("apiVersion", "meta.k8s.io/v1");
        if (dryRun) {
            options.putArray("dryRun").add("All");
        }
        return options;
    }

    /** Reads a webhook's answer to the review sent with {@code uid}. */
    public static Reply parse(byte[] body, String uid) {
        JsonNode review;
        try {
            review = MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return new Reply.Unusable("received invalid webhook response: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new Reply.Unusable("received invalid webhook response: " + e.getMessage());
        }
        if (review == null || !review.isObject()) {
            return new Reply.Unusable("received invalid webhook response: not a JSON object");
        }
        String apiVersion = review.path("apiVersion").asText("");
        String kind = review.path("kind").asText("");
        if (!API_VERSION.equals(apiVersion) || !KIND.equals(kind)) {
            return new Reply.Unusable("received invalid webhook response: expected webhook response of "
                    + API_VERSION + ", Kind=" + KIND + ", got " + apiVersion + ", Kind=" + kind);
        }
        JsonNode response = review.path("response");
        if (!response.isObject()) {
            return new Reply.Unusable("webhook response was absent");
        }
        String gotUid = response.path("uid").asText("");
        if (!uid.equals(gotUid)) {
            return new Reply.Unusable("expected response.uid=\"" + uid + "\", got \"" + gotUid + "\"");
        }
        List<String> warnings = new ArrayList<>();
        response.path("warnings").forEach(w -> warnings.add(w.asText()));
        if (!response.path("allowed").asBoolean(false)) {
            JsonNode status = response.path("status");
            return new Reply.Deny(status.isObject() ? status : NODES.objectNode(), List.copyOf(warnings));
        }
        String patchType = response.path("patchType").asText("");
        String patch = response.path("patch").asText("");
        if (patch.isEmpty()) {
            return patchType.isEmpty() ? new Reply.Allow(null, List.copyOf(warnings))
                    : new Reply.Unusable("webhook returned response.patchType but not response.patch");
        }
        if (patchType.isEmpty()) {
            return new Reply.Unusable("webhook returned response.patch but not response.patchType");
        }
        if (!"JSONPatch".equals(patchType)) {
            return new Reply.Unusable("webhook returned invalid response.patchType of \"" + patchType + "\"");
        }
        try {
            JsonNode operations = MAPPER.readTree(Base64.getDecoder().decode(patch));
            return new Reply.Allow(operations, List.copyOf(warnings));
        } catch (IllegalArgumentException | IOException e) {
            return new Reply.Unusable("received invalid webhook response: patch is not base64-encoded JSON: "
                    + e.getMessage());
        }
    }
}
