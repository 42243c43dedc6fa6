package io.timonel.kernel.admission.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.Set;

/**
 * A ValidatingAdmissionPolicyBinding, parsed. Cheap to build from the stored object on every
 * request; holds no compiled state.
 *
 * @param name           the binding's name
 * @param policyName     spec.policyName
 * @param paramRef       spec.paramRef, or {@code null}
 * @param matchResources spec.matchResources narrowing the policy's scope, or {@code null}
 * @param actions        spec.validationActions
 */
record PolicyBinding(String name, String policyName, JsonNode paramRef, MatchResources matchResources,
                     Set<Action> actions) {

    /** What a failed validation causes. */
    enum Action {
        /** The request is refused. */
        DENY,
        /** The request goes on and the client receives a warning. */
        WARN,
        /** Recorded in the audit log; Timonel has none yet, so it is logged. */
        AUDIT
    }

    static PolicyBinding parse(JsonNode binding) {
        JsonNode spec = binding.path("spec");
        Set<Action> actions = EnumSet.noneOf(Action.class);
        for (JsonNode a : spec.path("validationActions")) {
            switch (a.asText()) {
                case "Deny" -> actions.add(Action.DENY);
                case "Warn" -> actions.add(Action.WARN);
                case "Audit" -> actions.add(Action.AUDIT);
                default -> { }
            }
        }
        JsonNode match = spec.get("matchResources");
        JsonNode paramRef = spec.get("paramRef");
        return new PolicyBinding(binding.path("metadata").path("name").asText(), spec.path("policyName").asText(),
                paramRef == null || paramRef.isNull() ? null : paramRef,
                match == null || match.isNull() ? null : MatchResources.parse(match, false), Set.copyOf(actions));
    }
}
