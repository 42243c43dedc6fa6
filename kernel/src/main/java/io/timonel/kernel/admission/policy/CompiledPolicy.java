package io.timonel.kernel.admission.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A ValidatingAdmissionPolicy with its expressions compiled, for one resourceVersion of the
 * policy. Immutable; shared by concurrent requests.
 *
 * @param name        the policy's name
 * @param failOpen    whether errors are ignored ({@code failurePolicy: Ignore}) rather than denials
 * @param paramKind   the kind of the params, or {@code null} when the policy takes none
 * @param match       spec.matchConstraints
 * @param conditions  spec.matchConditions in order
 * @param variables   spec.variables in declaration order
 * @param validations spec.validations in order
 */
record CompiledPolicy(String name, boolean failOpen, ParamKind paramKind, MatchResources match,
                      List<NamedExpression> conditions, Map<String, Expression> variables,
                      List<Validation> validations) {

    /** {@code spec.paramKind}: the apiVersion ({@code group/version} or {@code v1}) and kind. */
    record ParamKind(String group, String version, String kind) {
        static ParamKind parse(JsonNode node) {
            String apiVersion = node.path("apiVersion").asText();
            int slash = apiVersion.indexOf('/');
            return slash < 0 ? new ParamKind("", apiVersion, node.path("kind").asText())
                    : new ParamKind(apiVersion.substring(0, slash), apiVersion.substring(slash + 1),
                    node.path("kind").asText());
        }

        @Override
        public String toString() {
            return (group.isEmpty() ? version : group + "/" + version) + ", Kind=" + kind;
        }
    }

    /** A matchCondition. */
    record NamedExpression(String name, Expression expression) {
    }

    /**
     * One entry of spec.validations.
     *
     * @param messageExpression {@code null} when absent
     * @param message           {@code null} when absent
     * @param reason            the Status reason of a denial, {@code Invalid} by default
     */
    record Validation(Expression expression, String message, Expression messageExpression, String reason) {
    }

    /** Compiles a stored policy object. */
    static CompiledPolicy compile(JsonNode policy, PolicyCel cel) {
        JsonNode spec = policy.path("spec");
        List<NamedExpression> conditions = new ArrayList<>();
        for (JsonNode c : spec.path("matchConditions")) {
            conditions.add(new NamedExpression(c.path("name").asText(), cel.compile(c.path("expression").asText())));
        }
        Map<String, Expression> variables = new LinkedHashMap<>();
        for (JsonNode v : spec.path("variables")) {
            variables.put(v.path("name").asText(), cel.compile(v.path("expression").asText()));
        }
        List<Validation> validations = new ArrayList<>();
        for (JsonNode v : spec.path("validations")) {
            validations.add(new Validation(cel.compile(v.path("expression").asText()), text(v, "message"),
                    v.hasNonNull("messageExpression") ? cel.compile(v.path("messageExpression").asText()) : null,
                    v.path("reason").asText("Invalid")));
        }
        JsonNode paramKind = spec.get("paramKind");
        return new CompiledPolicy(policy.path("metadata").path("name").asText(),
                "Ignore".equals(spec.path("failurePolicy").asText()),
                paramKind == null || paramKind.isNull() ? null : ParamKind.parse(paramKind),
                MatchResources.parse(spec.path("matchConstraints"), true), List.copyOf(conditions),
                Collections.unmodifiableMap(variables), List.copyOf(validations));
    }

    /** Every expression that failed to compile, with its error, for logging and status. */
    List<String> compileErrors() {
        return Stream.of(conditions.stream().map(NamedExpression::expression), variables.values().stream(),
                        validations.stream().flatMap(v -> Stream.of(v.expression(), v.messageExpression())))
                .flatMap(s -> s)
                .filter(e -> e != null && e.compileError() != null)
                .map(e -> "'" + e.source() + "': " + e.compileError())
                .toList();
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
