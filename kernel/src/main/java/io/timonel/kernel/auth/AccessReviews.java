package io.timonel.kernel.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.api.ApiException;
import io.timonel.kernel.api.AuthorizationHandler;
import io.timonel.kernel.api.ResourceHandler.VirtualResource;
import io.timonel.spi.auth.Authorizer;
import io.timonel.spi.auth.Decision;
import io.timonel.spi.auth.RequestAttributes;
import io.timonel.spi.auth.UserInfo;
import io.timonel.spi.resource.ResourceType;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The review resources the API server answers itself instead of storing: SelfSubjectAccessReview
 * and SubjectAccessReview ({@code kubectl auth can-i}), SelfSubjectReview ({@code kubectl auth
 * whoami}). They ask the same authorizers the request path uses.
 */
public final class AccessReviews {
    private final List<Authorizer> authorizers;

    public AccessReviews(List<Authorizer> authorizers) {
        this.authorizers = authorizers;
    }

    /** The resource types to register for discovery and routing. */
    public static List<ResourceType> types() {
        return List.of(
                ResourceType.builder("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews")
                        .clusterScoped().verbs("create").build(),
                ResourceType.builder("authorization.k8s.io", "v1", "SubjectAccessReview", "subjectaccessreviews")
                        .clusterScoped().verbs("create").build(),
                ResourceType.builder("authentication.k8s.io", "v1", "SelfSubjectReview", "selfsubjectreviews")
                        .clusterScoped().verbs("create").build());
    }

    /** Handlers by {@code group/plural}. */
    public Map<String, VirtualResource> handlers() {
        return Map.of(
                "authorization.k8s.io/selfsubjectaccessreviews", (body, user) -> review(body, user, "SelfSubjectAccessReview"),
                "authorization.k8s.io/subjectaccessreviews", (body, user) -> review(body, subject(body), "SubjectAccessReview"),
                "authentication.k8s.io/selfsubjectreviews", this::whoami);
    }

    private ObjectNode review(ObjectNode body, UserInfo user, String kind) {
        JsonNode spec = body.path("spec");
        JsonNode ra = spec.path("resourceAttributes");
        JsonNode nra = spec.path("nonResourceAttributes");
        RequestAttributes attributes;
        if (ra.isObject()) {
            attributes = new RequestAttributes(user, ra.path("verb").asText(""), ra.path("group").asText(""),
                    ra.path("resource").asText(""), ra.path("subresource").asText(""), ra.path("namespace").asText(""),
                    ra.path("name").asText(""), "", true);
        } else if (nra.isObject()) {
            attributes = new RequestAttributes(user, nra.path("verb").asText(""), "", "", "", "", "",
                    nra.path("path").asText(""), false);
        } else {
            throw ApiException.badRequest("spec: Invalid value: one of resourceAttributes or nonResourceAttributes "
                    + "must be specified");
        }
        Decision decision = AuthorizationHandler.decide(authorizers, attributes);
        ObjectNode out = body.deepCopy();
        out.put("apiVersion", "authorization.k8s.io/v1").put("kind", kind);
        out.withObject("/metadata").put("creationTimestamp", (String) null);
        ObjectNode status = out.putObject("status");
        status.put("allowed", decision.outcome() == Decision.Outcome.ALLOW);
        if (decision.outcome() == Decision.Outcome.DENY) {
            status.put("denied", true);
        }
        if (!decision.reason().isEmpty()) {
            status.put("reason", decision.reason());
        }
        return out;
    }

    private static UserInfo subject(ObjectNode body) {
        JsonNode spec = body.path("spec");
        Set<String> groups = new HashSet<>();
        spec.path("groups").forEach(g -> groups.add(g.asText()));
        return new UserInfo(spec.path("user").asText(""), spec.path("uid").asText(""), groups);
    }

    private ObjectNode whoami(ObjectNode body, UserInfo user) {
        ObjectNode out = body.deepCopy();
        out.put("apiVersion", "authentication.k8s.io/v1").put("kind", "SelfSubjectReview");
        out.withObject("/metadata").put("creationTimestamp", (String) null);
        ObjectNode info = out.putObject("status").putObject("userInfo");
        info.put("username", user.name());
        if (!user.uid().isEmpty()) {
            info.put("uid", user.uid());
        }
        ArrayNode groups = info.putArray("groups");
        user.groups().stream().sorted().forEach(groups::add);
        return out;
    }
}
