package io.timonel.plugins.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.plugins.admission.resources.Forbidden;
import io.timonel.spi.admission.AdmissionPlugin;
import io.timonel.spi.admission.AdmissionRequest;
import io.timonel.spi.admission.AdmissionResult;
import io.timonel.spi.admission.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes' {@code PodSecurity} admission, validating: checks pods against the Pod Security
 * Standard their namespace's labels name. {@code enforce} refuses a violating pod (403);
 * {@code warn} lets it in with a warning that kubectl prints; {@code audit} logs it.
 *
 * <p>Workloads (deployments, jobs, ... with a pod template) are never refused, as in Kubernetes:
 * their template is checked against the enforce and warn levels and violations come back as
 * warnings, since the pods their controllers create later would be refused. Pod updates are
 * checked only when the spec changes; an update that changes metadata or status alone passes.
 * Exemptions (users, runtime classes, namespaces) are not supported yet.
 */
@Extension(ordinal = 30)
public final class PodSecurityAdmission implements AdmissionPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(PodSecurityAdmission.class);

    /** Where each workload keeps its pod template, by "group/resource". */
    private static final Map<String, List<String>> TEMPLATES = Map.of(
            "apps/deployments", List.of("spec", "template"),
            "apps/replicasets", List.of("spec", "template"),
            "apps/statefulsets", List.of("spec", "template"),
            "apps/daemonsets", List.of("spec", "template"),
            "batch/jobs", List.of("spec", "template"),
            "batch/cronjobs", List.of("spec", "jobTemplate", "spec", "template"),
            "/replicationcontrollers", List.of("spec", "template"),
            "/podtemplates", List.of("template"));

    @Override
    public String name() {
        return "PodSecurity";
    }

    @Override
    public AdmissionResult admit(AdmissionRequest request) {
        if (request.object() == null || request.namespace().isEmpty()
                || (request.operation() != Operation.CREATE && request.operation() != Operation.UPDATE)) {
            return AdmissionResult.allow();
        }
        String kind = request.type().group() + "/" + request.type().plural();
        boolean pod = kind.equals("/pods")
                && (request.subresource().isEmpty() || request.subresource().equals("ephemeralcontainers"));
        List<String> templatePath = TEMPLATES.get(kind);
        if ((!pod && templatePath == null) || (templatePath != null && !request.subresource().isEmpty())) {
            return AdmissionResult.allow();
        }
        if (request.operation() == Operation.UPDATE && request.oldObject() != null
                && Objects.equals(podSpec(request.object(), templatePath), podSpec(request.oldObject(), templatePath))) {
            return AdmissionResult.allow();
        }
        NamespacePolicy policy = request.objects().get("", "namespaces", "", request.namespace())
                .map(NamespacePolicy::of).orElse(NamespacePolicy.NONE);
        if (!policy.enforce().checks() && !policy.warn().checks() && !policy.audit().checks()) {
            return AdmissionResult.allow();
        }
        JsonNode template = pod ? request.object() : at(request.object(), templatePath);
        JsonNode metadata = template.path("metadata");
        JsonNode spec = template.path("spec");
        List<String> warnings = new ArrayList<>();
        if (policy.enforce().checks()) {
            List<Violation> violations = PodChecks.check(policy.enforce().level(), metadata, spec);
            if (!violations.isEmpty()) {
                String summary = summary(policy.enforce(), violations);
                if (pod) {
                    return Forbidden.of(request, "violates " + summary);
                }
                warnings.add("would violate " + summary);
            }
        }
        if (policy.warn().checks()) {
            List<Violation> violations = PodChecks.check(policy.warn().level(), metadata, spec);
            String warning = "would violate " + summary(policy.warn(), violations);
            if (!violations.isEmpty() && !warnings.contains(warning)) {
                warnings.add(warning);
            }
        }
        if (policy.audit().checks()) {
            List<Violation> violations = PodChecks.check(policy.audit().level(), metadata, spec);
            if (!violations.isEmpty()) {
                LOG.info("audit: {} {}/{} by {} would violate {}", kind, request.namespace(), request.name(),
                        request.user() == null ? "" : request.user().name(), summary(policy.audit(), violations));
            }
        }
        return new AdmissionResult.Allowed(List.copyOf(warnings));
    }

    private static String summary(NamespacePolicy.Mode mode, List<Violation> violations) {
        return "PodSecurity \"" + mode + "\": "
                + violations.stream().map(Violation::toString).collect(Collectors.joining(", "));
    }

    private static JsonNode podSpec(JsonNode object, List<String> templatePath) {
        return (templatePath == null ? object : at(object, templatePath)).path("spec");
    }

    private static JsonNode at(JsonNode node, List<String> path) {
        JsonNode n = node;
        for (String p : path) {
            n = n.path(p);
        }
        return n;
    }
}
