package io.timonel.plugins.coreapi.batch;

import static io.timonel.plugins.coreapi.support.Columns.age;
import static io.timonel.plugins.coreapi.support.Columns.string;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.models.V1CronJob;
import io.kubernetes.client.openapi.models.V1Job;
import io.timonel.plugins.coreapi.support.Columns;
import io.timonel.plugins.coreapi.support.HumanDuration;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.plugins.coreapi.support.Kinds;
import io.timonel.spi.resource.PrinterColumn;
import io.timonel.spi.resource.ResourceType;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import io.timonel.spi.resource.CellExtractor;
import io.timonel.plugins.coreapi.support.LabelSelectors;

/** The batch/v1 group: Jobs and CronJobs. */
public final class BatchV1Types {

    private static final String GROUP = "batch";

    private BatchV1Types() {
    }

    /** @param clock the time a running job's duration is measured to */
    public static List<ResourceType> all(Kinds kinds, Clock clock) {
        return List.of(
                Kinds.columns(kinds.define(V1Job.class, GROUP, "v1", "Job", "jobs")
                        .categories("all").statusSubresource()
                        .printerColumn(string("STATUS", "The state of the job", BatchV1Types::jobStatus))
                        .printerColumn(string("COMPLETIONS", "Succeeded pods out of completions",
                                BatchV1Types::completions))
                        .printerColumn(string("DURATION", "How long the job ran", o -> duration(o, clock)))
                        .printerColumn(age()), Columns.templateColumns("spec", "template"))
                        .selectableField("status.successful",
                                o -> String.valueOf(Json.number(o, 0, "status", "succeeded")))
                        .defaulter(JobRules.defaulter())
                        .validator(JobRules.validator())
                        .build(),
                Kinds.columns(kinds.define(V1CronJob.class, GROUP, "v1", "CronJob", "cronjobs")
                        .shortNames("cj").categories("all").statusSubresource()
                        .printerColumn(Columns.path("SCHEDULE", "string", ".spec.schedule", "The cron schedule"))
                        .printerColumn(Columns.orNone("TIMEZONE", ".spec.timeZone", "The time zone of the schedule"))
                        .printerColumn(string("SUSPEND", "Whether scheduling is suspended",
                                o -> o.path("spec").path("suspend").asBoolean(false) ? "True" : "False"))
                        .printerColumn(Columns.integer("ACTIVE", "Running jobs", o -> o.path("status").path("active").size()))
                        .printerColumn(new PrinterColumn("LAST SCHEDULE", "date", "", "When a job was last scheduled",
                                0, CellExtractor.path(".status.lastScheduleTime")))
                        .printerColumn(age()), List.of(
                        string("CONTAINERS", "The containers' names", o -> Columns.joined(
                                o.path("spec").path("jobTemplate").path("spec").path("template").path("spec")
                                        .path("containers"), "name")).wide(),
                        string("IMAGES", "The containers' images", o -> Columns.joined(
                                o.path("spec").path("jobTemplate").path("spec").path("template").path("spec")
                                        .path("containers"), "image")).wide(),
                        string("SELECTOR", "The jobs' selector", o -> {
                            String s = LabelSelectors.format(
                                    o.path("spec").path("jobTemplate").path("spec").get("selector"));
                            return s == null ? "<none>" : s;
                        }).wide()))
                        .defaulter(CronJobRules.defaulter())
                        .validator(CronJobRules.validator())
                        .build());
    }

    /** Complete, Failed, Suspended, FailureTarget, SuccessCriteriaMet, Terminating or Running. */
    static String jobStatus(JsonNode job) {
        String status = "Running";
        for (JsonNode condition : job.path("status").path("conditions")) {
            if (!"True".equals(Json.text(condition, "status"))) {
                continue;
            }
            String type = Json.text(condition, "type");
            if ("Complete".equals(type) || "Failed".equals(type)) {
                return type;
            }
            if ("Suspended".equals(type) || "FailureTarget".equals(type) || "SuccessCriteriaMet".equals(type)) {
                status = type;
            }
        }
        JsonNode deletion = job.path("metadata").get("deletionTimestamp");
        if (status.equals("Running") && deletion != null && !deletion.isNull()) {
            return "Terminating";
        }
        return status;
    }

    static String completions(JsonNode job) {
        long succeeded = Json.number(job, 0, "status", "succeeded");
        JsonNode completions = job.path("spec").get("completions");
        if (completions != null && completions.isNumber()) {
            return succeeded + "/" + completions.asLong();
        }
        long parallelism = Json.number(job, 0, "spec", "parallelism");
        return parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
    }

    static String duration(JsonNode job, Clock clock) {
        OffsetDateTime start = time(Json.text(job, "status", "startTime"));
        if (start == null) {
            return "";
        }
        OffsetDateTime end = time(Json.text(job, "status", "completionTime"));
        return HumanDuration.format(Duration.between(start.toInstant(), end == null ? clock.instant() : end.toInstant()));
    }

    private static OffsetDateTime time(String text) {
        try {
            return text == null ? null : OffsetDateTime.parse(text);
        } catch (DateTimeParseException malformed) {
            return null;
        }
    }
}
