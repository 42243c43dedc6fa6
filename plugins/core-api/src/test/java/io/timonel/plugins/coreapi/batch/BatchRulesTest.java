package io.timonel.plugins.coreapi.batch;

import static io.timonel.plugins.coreapi.support.Fixtures.at;
import static io.timonel.plugins.coreapi.support.Fixtures.create;
import static io.timonel.plugins.coreapi.support.Fixtures.defaulted;
import static io.timonel.plugins.coreapi.support.Fixtures.fields;
import static io.timonel.plugins.coreapi.support.Fixtures.json;
import static io.timonel.plugins.coreapi.support.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.spi.resource.FieldViolation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchRulesTest {

    private static ObjectNode job(String restartPolicy) {
        return json("{metadata:{name:'pi'},spec:{template:{spec:{" + (restartPolicy == null ? ""
                : "restartPolicy:'" + restartPolicy + "',") + "containers:[{name:'pi',image:'perl'}]}}}}");
    }

    @Test
    void jobDefaults() {
        ObjectNode j = defaulted(JobRules.defaulter(), job("Never"));
        assertEquals(1, at(j, "spec.completions").asInt());
        assertEquals(1, at(j, "spec.parallelism").asInt());
        assertEquals(6, at(j, "spec.backoffLimit").asInt());
        assertEquals("NonIndexed", at(j, "spec.completionMode").asText());
        assertEquals(j, defaulted(JobRules.defaulter(), j));
    }

    @Test
    void jobWithUidSelectsItsPodsByUid() {
        ObjectNode j = job("Never");
        ((ObjectNode) j.get("metadata")).put("uid", "1234");
        ObjectNode d = defaulted(JobRules.defaulter(), j);
        assertEquals("1234", at(d, "spec.selector.matchLabels").path(JobRules.CONTROLLER_UID).asText());
        assertEquals("pi", at(d, "spec.template.metadata.labels").path("job-name").asText());
        assertEquals(d, defaulted(JobRules.defaulter(), d));
        assertEquals(List.of(), JobRules.validator().validate(d, null));
    }

    @Test
    void jobTemplateMustNotRestartAlways() {
        assertEquals(List.of(), create(JobRules.defaulter(), JobRules.validator(), job("OnFailure")));
        List<FieldViolation> violations = create(JobRules.defaulter(), JobRules.validator(), job(null));
        assertEquals(List.of("spec.template.spec.restartPolicy"), fields(violations));
        assertEquals(FieldViolation.Type.NOT_SUPPORTED, violations.get(0).type());
    }

    @Test
    void jobTemplateIsImmutable() {
        ObjectNode changed = job("Never");
        ((ObjectNode) at(changed, "spec.template.spec.containers.0")).put("image", "perl:2");
        assertEquals(List.of("spec.template"), fields(update(JobRules.defaulter(), JobRules.validator(),
                changed, job("Never"))));
    }

    @Test
    void cronJobDefaultsAndScheduleRules() {
        ObjectNode cron = json("{metadata:{name:'hello'},spec:{schedule:'*/5 * * * *',jobTemplate:{spec:{template:"
                + "{spec:{restartPolicy:'OnFailure',containers:[{name:'c',image:'busybox'}]}}}}}}");
        ObjectNode d = defaulted(CronJobRules.defaulter(), cron);
        assertEquals("Allow", at(d, "spec.concurrencyPolicy").asText());
        assertEquals(false, at(d, "spec.suspend").asBoolean());
        assertEquals(3, at(d, "spec.successfulJobsHistoryLimit").asInt());
        assertEquals(1, at(d, "spec.failedJobsHistoryLimit").asInt());
        assertEquals(List.of(), CronJobRules.validator().validate(d, null));
        ObjectNode noSchedule = cron.deepCopy();
        ((ObjectNode) noSchedule.get("spec")).remove("schedule");
        assertEquals(List.of("spec.schedule"), fields(create(CronJobRules.defaulter(), CronJobRules.validator(),
                noSchedule)));
        ObjectNode badSchedule = cron.deepCopy();
        ((ObjectNode) badSchedule.get("spec")).put("schedule", "every minute");
        assertEquals(List.of("spec.schedule"), fields(create(CronJobRules.defaulter(), CronJobRules.validator(),
                badSchedule)));
        ObjectNode hourly = cron.deepCopy();
        ((ObjectNode) hourly.get("spec")).put("schedule", "@hourly");
        assertEquals(List.of(), create(CronJobRules.defaulter(), CronJobRules.validator(), hourly));
    }

    @Test
    void jobColumns() {
        ObjectNode done = json("{spec:{completions:3},status:{succeeded:3,startTime:'2024-01-01T00:00:00Z',"
                + "completionTime:'2024-01-01T00:02:05Z',conditions:[{type:'Complete',status:'True'}]}}");
        Clock clock = Clock.fixed(Instant.parse("2024-01-01T01:00:00Z"), ZoneOffset.UTC);
        assertEquals("Complete", BatchV1Types.jobStatus(done));
        assertEquals("3/3", BatchV1Types.completions(done));
        assertEquals("2m5s", BatchV1Types.duration(done, clock));
        ObjectNode running = json("{spec:{completions:1},status:{startTime:'2024-01-01T00:00:00Z'}}");
        assertEquals("Running", BatchV1Types.jobStatus(running));
        assertEquals("0/1", BatchV1Types.completions(running));
        assertEquals("60m", BatchV1Types.duration(running, clock));
    }
}
