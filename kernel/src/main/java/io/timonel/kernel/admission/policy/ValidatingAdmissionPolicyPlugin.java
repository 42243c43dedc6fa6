package io.timonel.kernel.admission.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.timonel.spi.admission.AdmissionPlugin;
import io.timonel.spi.admission.AdmissionRequest;
import io.timonel.spi.admission.AdmissionResult;
import io.timonel.spi.admission.ObjectReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ValidatingAdmissionPolicy admission plugin: on every write, evaluates each
 * ValidatingAdmissionPolicyBinding's policy (admissionregistration.k8s.io/v1) with CEL and denies,
 * warns or logs as the binding's validationActions say.
 *
 * <p>Policies and bindings are read on each request from the watch cache (through the request's
 * {@link ObjectReader} unless one is given), so a new or changed policy applies to the next
 * request. Expressions are compiled once per policy resourceVersion and kept in a bounded cache.
 *
 * <p>Not supported: the {@code authorizer} variable (expressions using it fail to compile and fall
 * under the failurePolicy), auditAnnotations, CEL cost limits (a bound on comprehension iterations
 * stands in), status.typeChecking (compile errors are logged instead), and the Kubernetes-specific
 * CEL libraries (quantity, url, ip/cidr, isSorted/sum/indexOf on lists): only what cel-java ships.
 * Policies and bindings themselves are never subject to policies, so a bad policy cannot lock
 * itself in.
 */
public final class ValidatingAdmissionPolicyPlugin implements AdmissionPlugin {
    /** The name in the admission chain. */
    public static final String NAME = "ValidatingAdmissionPolicy";
    static final String GROUP = "admissionregistration.k8s.io";
    static final String POLICIES = "validatingadmissionpolicies";
    static final String BINDINGS = "validatingadmissionpolicybindings";
    private static final Logger LOG = LoggerFactory.getLogger(ValidatingAdmissionPolicyPlugin.class);

    private final ObjectReader reader;
    private final PolicyCel cel = new PolicyCel();
    private final PolicyEvaluator evaluator;
    private final Cache<String, CompiledPolicy> compiled = Caffeine.newBuilder().maximumSize(2_000).build();

    /** Reads through each request's {@link AdmissionRequest#objects()}; resolves paramKind with {@code paramKinds}. */
    public ValidatingAdmissionPolicyPlugin(ParamKinds paramKinds) {
        this(null, paramKinds);
    }

    /**
     * @param reader     where policies, bindings, params and namespaces are read; {@code null} to use
     *                   each request's {@link AdmissionRequest#objects()}
     * @param paramKinds resolves a policy's paramKind to the resource serving it
     */
    public ValidatingAdmissionPolicyPlugin(ObjectReader reader, ParamKinds paramKinds) {
        this.reader = reader;
        this.evaluator = new PolicyEvaluator(paramKinds);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AdmissionResult admit(AdmissionRequest request) {
        if (request.type().group().equals(GROUP)
                && (request.type().plural().equals(POLICIES) || request.type().plural().equals(BINDINGS))) {
            return AdmissionResult.allow();
        }
        ObjectReader objects = reader != null ? reader : request.objects();
        List<JsonNode> bindings = new ArrayList<>(objects.list(GROUP, BINDINGS, ""));
        if (bindings.isEmpty()) {
            return AdmissionResult.allow();
        }
        bindings.sort(Comparator.comparing(b -> b.path("metadata").path("name").asText()));
        List<String> warnings = new ArrayList<>();
        for (JsonNode node : bindings) {
            PolicyBinding binding = PolicyBinding.parse(node);
            Optional<CompiledPolicy> policy = policy(objects, binding.policyName());
            if (policy.isEmpty()) {
                continue; // a binding to a missing policy is ignored, as in Kubernetes
            }
            for (Failure failure : evaluator.evaluate(policy.get(), binding, request, objects)) {
                String who = "ValidatingAdmissionPolicy '" + policy.get().name() + "' with binding '" + binding.name()
                        + "'";
                if (binding.actions().contains(PolicyBinding.Action.DENY)) {
                    return new AdmissionResult.Denied(failure.code(), failure.reason(),
                            who + " denied request: " + failure.message());
                }
                if (binding.actions().contains(PolicyBinding.Action.WARN)) {
                    warnings.add("Validation failed for " + who + ": " + failure.message());
                }
                if (binding.actions().contains(PolicyBinding.Action.AUDIT)) {
                    LOG.info("audit: {} failed for {} {}/{}: {}", who, request.type(), request.namespace(),
                            request.name(), failure.message());
                }
            }
        }
        return new AdmissionResult.Allowed(List.copyOf(warnings));
    }

    private Optional<CompiledPolicy> policy(ObjectReader objects, String name) {
        return objects.get(GROUP, POLICIES, "", name).map(node -> {
            JsonNode meta = node.path("metadata");
            String key = name + "/" + meta.path("uid").asText() + "@" + meta.path("resourceVersion").asText();
            return compiled.get(key, k -> {
                CompiledPolicy p = CompiledPolicy.compile(node, cel);
                p.compileErrors().forEach(e -> LOG.warn("ValidatingAdmissionPolicy '{}': {}", name, e));
                return p;
            });
        });
    }
}
