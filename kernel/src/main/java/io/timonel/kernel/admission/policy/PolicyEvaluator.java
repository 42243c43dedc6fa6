package io.timonel.kernel.admission.policy;

import io.timonel.kernel.api.select.StructuredLabelSelector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.NullValue;
import io.timonel.spi.admission.AdmissionRequest;
import io.timonel.spi.admission.ObjectReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Evaluates one policy through one binding against one request: scope (matchConstraints, the
 * binding's matchResources), params, matchConditions, then every validation once per param.
 * Stateless; safe for concurrent use.
 */
final class PolicyEvaluator {
    private final ParamKinds paramKinds;

    PolicyEvaluator(ParamKinds paramKinds) {
        this.paramKinds = paramKinds;
    }

    /** The failures of the request under this binding; empty when it passes or is out of scope. */
    List<Failure> evaluate(CompiledPolicy policy, PolicyBinding binding, AdmissionRequest request,
                           ObjectReader objects) {
        if (!policy.match().matches(request, objects)
                || (binding.matchResources() != null && !binding.matchResources().matches(request, objects))) {
            return List.of();
        }
        Params params = params(policy, binding, request, objects);
        if (params.error() != null) {
            return policy.failOpen() ? List.of() : List.of(new Failure(params.error(), "Invalid"));
        }
        if (params.values().isEmpty()) {
            return "Deny".equals(binding.paramRef().path("parameterNotFoundAction").asText())
                    ? List.of(new Failure("failed to configure binding: no params found for policy binding with "
                    + "`Deny` parameterNotFoundAction", "Invalid"))
                    : List.of();
        }
        Map<String, Object> base = baseActivation(request, objects);
        List<Failure> failures = new ArrayList<>();
        for (Object param : params.values()) {
            failures.addAll(evaluateWithParam(policy, base, param));
        }
        return failures;
    }

    private List<Failure> evaluateWithParam(CompiledPolicy policy, Map<String, Object> base, Object param) {
        Map<String, Object> activation = new HashMap<>(base);
        activation.put("params", param);
        Variables variables = new Variables(policy.variables(), v -> activation);
        activation.put("variables", variables);

        for (CompiledPolicy.NamedExpression condition : policy.conditions()) {
            Expression.Outcome outcome = condition.expression().evaluate(activation);
            if (outcome instanceof Expression.Outcome.Error e) {
                return onError("matchCondition '" + condition.name() + "'", condition.expression(), e.message(),
                        policy);
            }
            if (!Boolean.TRUE.equals(((Expression.Outcome.Value) outcome).value())) {
                // A false (or non-boolean) condition puts the request out of this policy's scope.
                return List.of();
            }
        }
        List<Failure> failures = new ArrayList<>();
        for (CompiledPolicy.Validation validation : policy.validations()) {
            Expression.Outcome outcome = validation.expression().evaluate(activation);
            if (outcome instanceof Expression.Outcome.Error e) {
                failures.addAll(onError("expression", validation.expression(), e.message(), policy));
            } else if (!(((Expression.Outcome.Value) outcome).value() instanceof Boolean b)) {
                failures.addAll(onError("expression", validation.expression(), "expression must evaluate to bool, got "
                        + CelValues.describe(((Expression.Outcome.Value) outcome).value()), policy));
            } else if (!b) {
                failures.add(new Failure(message(validation, activation), validation.reason()));
            }
        }
        return failures;
    }

    private static List<Failure> onError(String what, Expression expression, String error, CompiledPolicy policy) {
        if (policy.failOpen()) {
            return List.of();
        }
        String subject = what.equals("expression") ? "expression" : what + " expression";
        return List.of(new Failure(subject + " '" + expression.source() + "' resulted in error: " + error, "Invalid"));
    }

    /** messageExpression if it yields a usable string, else message, else the failed expression. */
    private static String message(CompiledPolicy.Validation validation, Map<String, Object> activation) {
        if (validation.messageExpression() != null) {
            Expression.Outcome outcome = validation.messageExpression().evaluate(activation);
            if (outcome instanceof Expression.Outcome.Value v && v.value() instanceof String s && !s.isBlank()
                    && !s.contains("\n")) {
                return s.strip();
            }
        }
        if (validation.message() != null && !validation.message().isBlank()) {
            return validation.message();
        }
        return "failed expression: " + validation.expression().source();
    }

    private record Params(List<Object> values, String error) {
        static Params of(List<Object> values) {
            return new Params(values, null);
        }

        static Params error(String message) {
            return new Params(List.of(), message);
        }
    }

    private Params params(CompiledPolicy policy, PolicyBinding binding, AdmissionRequest request,
                          ObjectReader objects) {
        if (policy.paramKind() == null) {
            return Params.of(List.of(NullValue.NULL_VALUE));
        }
        JsonNode ref = binding.paramRef();
        if (ref == null) {
            return Params.error("failed to configure binding: policy has paramKind " + policy.paramKind()
                    + " but binding has no paramRef");
        }
        CompiledPolicy.ParamKind kind = policy.paramKind();
        Optional<ParamKinds.Resource> resource = paramKinds.resolve(kind.group(), kind.version(), kind.kind());
        if (resource.isEmpty()) {
            return Params.error("failed to configure policy: paramKind " + kind + " is not served");
        }
        String namespace = "";
        if (resource.get().namespaced()) {
            namespace = ref.path("namespace").asText("");
            if (namespace.isEmpty()) {
                if (request.namespace() == null || request.namespace().isEmpty()) {
                    return Params.error("failed to configure binding: cannot use a namespaced paramRef without a "
                            + "namespace for a cluster-scoped request");
                }
                namespace = request.namespace();
            }
        }
        String group = kind.group();
        String plural = resource.get().plural();
        List<Object> values = new ArrayList<>();
        if (ref.hasNonNull("name") && !ref.path("name").asText().isEmpty()) {
            objects.get(group, plural, namespace, ref.path("name").asText())
                    .ifPresent(p -> values.add(CelValues.of(p)));
        } else {
            JsonNode selector = ref.get("selector");
            for (JsonNode p : objects.list(group, plural, namespace)) {
                if (StructuredLabelSelector.from(selector).matches(StructuredLabelSelector.labelsOf(p))) {
                    values.add(CelValues.of(p));
                }
            }
        }
        return Params.of(values);
    }

    private static Map<String, Object> baseActivation(AdmissionRequest request, ObjectReader objects) {
        Map<String, Object> activation = new HashMap<>();
        activation.put("object", CelValues.of(request.object()));
        activation.put("oldObject", CelValues.of(request.oldObject()));
        activation.put("request", requestValue(request));
        Object namespaceObject = NullValue.NULL_VALUE;
        if (request.namespace() != null && !request.namespace().isEmpty()) {
            namespaceObject = objects.get("", "namespaces", "", request.namespace()).map(CelValues::of)
                    .orElse(NullValue.NULL_VALUE);
        }
        activation.put("namespaceObject", namespaceObject);
        return activation;
    }

    /** The {@code request} variable: the fields of an AdmissionReview's request. */
    private static Map<String, Object> requestValue(AdmissionRequest request) {
        var type = request.type();
        Map<String, Object> kind = Map.of("group", type.group(), "version", type.version(), "kind", type.kind());
        Map<String, Object> resource = Map.of("group", type.group(), "version", type.version(),
                "resource", type.plural());
        Map<String, Object> user = new LinkedHashMap<>();
        if (request.user() != null) {
            user.put("username", request.user().name());
            user.put("uid", request.user().uid() == null ? "" : request.user().uid());
            user.put("groups", request.user().groupList());
        } else {
            user.put("username", "");
            user.put("uid", "");
            user.put("groups", List.of());
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("uid", UUID.randomUUID().toString());
        value.put("kind", kind);
        value.put("resource", resource);
        value.put("subResource", request.subresource() == null ? "" : request.subresource());
        value.put("requestKind", kind);
        value.put("requestResource", resource);
        value.put("requestSubResource", request.subresource() == null ? "" : request.subresource());
        value.put("name", request.name() == null ? "" : request.name());
        value.put("namespace", request.namespace() == null ? "" : request.namespace());
        value.put("operation", request.operation().name());
        value.put("userInfo", user);
        value.put("dryRun", request.dryRun());
        return value;
    }
}
