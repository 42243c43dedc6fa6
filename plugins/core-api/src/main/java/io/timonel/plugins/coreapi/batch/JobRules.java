package io.timonel.plugins.coreapi.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.coreapi.core.PodSpecDefaults;
import io.timonel.plugins.coreapi.core.PodSpecValidation;
import io.timonel.plugins.coreapi.support.FieldPath;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.plugins.coreapi.support.LabelSelectors;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ObjectDefaulter;
import io.timonel.spi.resource.ObjectValidator;
import java.util.List;

/**
 * Defaults and validation of batch/v1 Jobs. The selector and the controller-uid labels are left
 * to the job controller, so a missing selector is accepted here.
 */
public final class JobRules {

    /** The label by which a job selects its pods. */
    public static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
    static final List<String> RESTART_POLICIES = List.of("OnFailure", "Never");
    private static final List<String> COMPLETION_MODES = List.of("NonIndexed", "Indexed");

    private JobRules() {
    }

    public static ObjectDefaulter defaulter() {
        return job -> {
            ObjectNode spec = Json.object(job, "spec");
            defaultSpec(spec);
            generateSelector(job, spec);
        };
    }

    /**
     * Unless {@code manualSelector} is set, selects the job's pods by its uid, and labels the
     * template so, as the API server does on create. Needs the uid and name to be assigned
     * already; without them the selector is left to the job controller.
     */
    static void generateSelector(ObjectNode job, ObjectNode spec) {
        String uid = Json.text(job, "metadata", "uid");
        String name = Json.text(job, "metadata", "name");
        if (uid == null || uid.isEmpty() || name == null || spec.path("manualSelector").asBoolean(false)
                || !Json.unset(spec, "selector")) {
            return;
        }
        spec.putObject("selector").putObject("matchLabels").put(CONTROLLER_UID, uid);
        ObjectNode labels = Json.object(Json.object(Json.object(spec, "template"), "metadata"), "labels");
        Json.defaultText(labels, CONTROLLER_UID, uid);
        Json.defaultText(labels, "batch.kubernetes.io/job-name", name);
        Json.defaultText(labels, "controller-uid", uid);
        Json.defaultText(labels, "job-name", name);
    }

    /** The Job defaults of a JobSpec. */
    static void defaultSpec(ObjectNode spec) {
        if (Json.unset(spec, "completions") && Json.unset(spec, "parallelism")) {
            spec.put("completions", 1);
        }
        Json.defaultInt(spec, "parallelism", 1);
        Json.defaultInt(spec, "backoffLimit", 6);
        Json.defaultText(spec, "completionMode", "NonIndexed");
        Json.defaultBoolean(spec, "suspend", false);
        if (Json.unset(spec, "podFailurePolicy")) {
            Json.defaultText(spec, "podReplacementPolicy", "TerminatingOrFailed");
        }
        PodSpecDefaults.apply(Json.object(Json.object(spec, "template"), "spec"));
    }

    public static ObjectValidator validator() {
        return Validation.of(NameRule.DNS1123_SUBDOMAIN, (job, old, out) -> {
            checkSpec(job.path("spec"), FieldPath.of("spec"), out);
            if (old != null) {
                JsonNode spec = job.path("spec");
                JsonNode before = old.path("spec");
                Validation.immutable(spec.get("completions"), before.get("completions"),
                        FieldPath.of("spec.completions"), out);
                Validation.immutable(spec.get("completionMode"), before.get("completionMode"),
                        FieldPath.of("spec.completionMode"), out);
                if (!before.path("suspend").asBoolean(false)) {
                    Validation.immutable(spec.get("template"), before.get("template"), FieldPath.of("spec.template"), out);
                }
                if (before.get("selector") != null && !before.get("selector").isNull()) {
                    Validation.immutable(spec.get("selector"), before.get("selector"), FieldPath.of("spec.selector"), out);
                }
            }
        });
    }

    /** Checks a JobSpec found at {@code at}, for Jobs and CronJob job templates. */
    static void checkSpec(JsonNode spec, FieldPath at, List<FieldViolation> out) {
        for (String field : new String[] {"parallelism", "completions", "backoffLimit"}) {
            Validation.nonNegative(spec, field, at, out);
        }
        JsonNode deadline = spec.get("activeDeadlineSeconds");
        if (deadline != null && deadline.isNumber() && deadline.asLong() <= 0) {
            out.add(FieldViolation.invalid(at.child("activeDeadlineSeconds").path(), deadline.asLong(),
                    "must be greater than 0"));
        }
        String mode = Json.text(spec, "completionMode");
        Validation.oneOf(mode, COMPLETION_MODES, at.child("completionMode"), out);
        if ("Indexed".equals(mode) && Json.unset(spec, "completions")) {
            out.add(new FieldViolation(FieldViolation.Type.REQUIRED, at.child("completions").path(),
                    "Required value: when completion mode is Indexed"));
        }
        JsonNode selector = spec.get("selector");
        if (selector != null && selector.isObject()) {
            LabelSelectors.validate(selector, at.child("selector"), out);
            JsonNode labels = spec.path("template").path("metadata").path("labels");
            if (!LabelSelectors.isEmpty(selector) && !LabelSelectors.matches(selector, labels)) {
                out.add(FieldViolation.invalid(at.child("template").child("metadata").child("labels").path(),
                        labels.toString(), "`selector` does not match template `labels`"));
            }
        }
        FieldPath podSpec = at.child("template").child("spec");
        JsonNode template = spec.path("template").get("spec");
        PodSpecValidation.validate(template, podSpec, out);
        if (template != null) {
            String policy = Json.text(template, "restartPolicy");
            if (policy == null) {
                out.add(new FieldViolation(FieldViolation.Type.REQUIRED, podSpec.child("restartPolicy").path(),
                        "Required value: valid values: \"OnFailure\", \"Never\""));
            } else if (!RESTART_POLICIES.contains(policy)) {
                out.add(FieldViolation.notSupported(podSpec.child("restartPolicy").path(), policy, RESTART_POLICIES));
            }
        }
    }
}
