package io.timonel.kernel.admission.webhook;

import io.timonel.kernel.api.select.StructuredLabelSelector;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.admission.AdmissionRequest;
import io.timonel.spi.admission.AdmissionResult;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a webhook is called for a request: one of its rules matches (in any version
 * under {@code matchPolicy: Equivalent}), the namespace's labels match its
 * {@code namespaceSelector} and the old or new object's labels match its {@code objectSelector}.
 * Writes to admissionregistration.k8s.io objects never reach webhooks, so that a broken webhook
 * can always be removed.
 */
public final class WebhookMatcher {

    /** What to do with one webhook for one request. */
    public sealed interface Decision {
        /** The webhook does not apply. */
        record Skip() implements Decision {
        }

        /** The webhook applies and must be called. */
        record Call() implements Decision {
        }

        /** The request must fail before the webhook is called, e.g. its namespace does not exist. */
        record Refuse(AdmissionResult.Denied denial) implements Decision {
        }
    }

    private static final Decision SKIP = new Decision.Skip();
    private static final Decision CALL = new Decision.Call();

    private WebhookMatcher() {
    }

    public static Decision decide(Webhook hook, AdmissionRequest request) {
        if (request.type().group().equals(WebhookConfigurations.GROUP)) {
            return SKIP;
        }
        if (!matchesRules(hook, request)) {
            return SKIP;
        }
        Optional<String> problem = hook.namespaceSelector().problem().or(() -> hook.objectSelector().problem());
        if (problem.isPresent()) {
            return new Decision.Refuse(WebhookErrors.callFailed(hook, "invalid selector: " + problem.get()));
        }
        if (!matchesObject(hook.objectSelector(), request)) {
            return SKIP;
        }
        return matchNamespace(hook.namespaceSelector(), request);
    }

    static boolean matchesRules(Webhook hook, AdmissionRequest request) {
        for (Rule rule : hook.rules()) {
            if (rule.matches(request, !hook.exactMatch())) {
                return true;
            }
        }
        return false;
    }

    /** A null object (old on create, new on delete) never matches a non-empty selector. */
    private static boolean matchesObject(StructuredLabelSelector selector, AdmissionRequest request) {
        if (selector.isEmpty()) {
            return true;
        }
        return matches(selector, request.object()) || matches(selector, request.oldObject());
    }

    private static boolean matches(StructuredLabelSelector selector, JsonNode object) {
        return object != null && object.isObject() && selector.matches(StructuredLabelSelector.labelsOf(object));
    }

    /**
     * Cluster-scoped objects other than namespaces are never exempted. A namespace being created or
     * updated is judged by its own labels; any other request by the stored namespace's labels.
     */
    private static Decision matchNamespace(StructuredLabelSelector selector, AdmissionRequest request) {
        boolean namespaceObject = Rule.isNamespace(request);
        String namespace = namespaceObject ? request.name() : request.namespace();
        if ((namespace == null || namespace.isEmpty()) && !namespaceObject) {
            return CALL;
        }
        if (selector.isEmpty()) {
            return CALL;
        }
        Map<String, String> labels;
        boolean ownLabels = namespaceObject && request.subresource().isEmpty()
                && request.object() != null && request.object().isObject();
        if (ownLabels) {
            labels = StructuredLabelSelector.labelsOf(request.object());
        } else {
            Optional<JsonNode> stored = request.objects().get("", "namespaces", "", namespace);
            if (stored.isEmpty()) {
                return new Decision.Refuse(new AdmissionResult.Denied(404, "NotFound",
                        "namespaces \"" + namespace + "\" not found"));
            }
            labels = StructuredLabelSelector.labelsOf(stored.get());
        }
        return selector.matches(labels) ? CALL : SKIP;
    }
}
