package io.timonel.plugins.coreapi.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.coreapi.core.PodSpecDefaults;
import io.timonel.plugins.coreapi.support.FieldPath;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ObjectDefaulter;
import io.timonel.spi.resource.ObjectValidator;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Defaults and validation of batch/v1 CronJobs. */
public final class CronJobRules {

    private static final List<String> CONCURRENCY = List.of("Allow", "Forbid", "Replace");
    private static final Set<String> DESCRIPTORS = Set.of("@yearly", "@annually", "@monthly", "@weekly",
            "@daily", "@midnight", "@hourly");
    private static final Pattern FIELD = Pattern.compile("[0-9A-Za-z*?/,\\-]+");
    /** CronJob names get an 11-character suffix on their Jobs, which must still be 63 characters. */
    private static final int MAX_NAME = 52;

    private CronJobRules() {
    }

    public static ObjectDefaulter defaulter() {
        return cronJob -> {
            ObjectNode spec = Json.object(cronJob, "spec");
            Json.defaultText(spec, "concurrencyPolicy", "Allow");
            Json.defaultBoolean(spec, "suspend", false);
            Json.defaultInt(spec, "successfulJobsHistoryLimit", 3);
            Json.defaultInt(spec, "failedJobsHistoryLimit", 1);
            ObjectNode jobSpec = Json.object(Json.object(spec, "jobTemplate"), "spec");
            PodSpecDefaults.apply(Json.object(Json.object(jobSpec, "template"), "spec"));
        };
    }

    public static ObjectValidator validator() {
        return Validation.of(NameRule.DNS1123_SUBDOMAIN, (cronJob, old, out) -> {
            String name = Json.text(cronJob, "metadata", "name");
            if (name != null && name.length() > MAX_NAME) {
                out.add(FieldViolation.invalid("metadata.name", name, "must be no more than 52 characters"));
            }
            JsonNode spec = cronJob.path("spec");
            FieldPath at = FieldPath.of("spec");
            String schedule = Json.text(spec, "schedule");
            if (schedule == null || schedule.isEmpty()) {
                out.add(FieldViolation.required(at.child("schedule").path()));
            } else if (!validSchedule(schedule)) {
                out.add(FieldViolation.invalid(at.child("schedule").path(), schedule,
                        "expected exactly 5 fields, found " + schedule.trim().split("\\s+").length + ": " + schedule));
            } else if (schedule.contains("TZ=")) {
                out.add(FieldViolation.invalid(at.child("schedule").path(), schedule,
                        "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
            }
            String zone = Json.text(spec, "timeZone");
            if (zone != null) {
                try {
                    ZoneId.of(zone);
                } catch (DateTimeException unknown) {
                    out.add(FieldViolation.invalid(at.child("timeZone").path(), zone, "unknown time zone " + zone));
                }
            }
            Validation.oneOf(Json.text(spec, "concurrencyPolicy"), CONCURRENCY, at.child("concurrencyPolicy"), out);
            Validation.nonNegative(spec, "successfulJobsHistoryLimit", at, out);
            Validation.nonNegative(spec, "failedJobsHistoryLimit", at, out);
            Validation.nonNegative(spec, "startingDeadlineSeconds", at, out);
            JobRules.checkSpec(spec.path("jobTemplate").path("spec"), at.child("jobTemplate").child("spec"), out);
        });
    }

    static boolean validSchedule(String schedule) {
        String trimmed = schedule.trim();
        if (trimmed.startsWith("TZ=") || trimmed.startsWith("CRON_TZ=")) {
            return true; // reported with its own message
        }
        if (trimmed.startsWith("@")) {
            return DESCRIPTORS.contains(trimmed) || trimmed.startsWith("@every ");
        }
        String[] fields = trimmed.split("\\s+");
        if (fields.length != 5) {
            return false;
        }
        for (String field : fields) {
            if (!FIELD.matcher(field).matches()) {
                return false;
            }
        }
        return true;
    }
}
