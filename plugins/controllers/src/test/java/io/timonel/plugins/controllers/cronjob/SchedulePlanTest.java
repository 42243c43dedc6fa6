package io.timonel.plugins.controllers.cronjob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpecBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The scheduling decisions at fixed instants. */
class SchedulePlanTest {
    private static final Instant CREATED = Instant.parse("2026-11-23T10:00:10Z");
    private static final Instant NOW = Instant.parse("2026-11-23T10:05:30Z");
    private static final ObjectReference RUNNING = new ObjectReferenceBuilder().withName("cj-29925240")
            .withNamespace("ns").withKind("Job").build();

    @Test
    void dueActivationStartsAJobNamedByItsMinute() {
        SchedulePlan plan = decide(spec("*/5 * * * *", "Allow"), null, List.of(), Set.of());

        assertEquals("cj-" + Instant.parse("2026-11-23T10:05:00Z").getEpochSecond() / 60, plan.start().get().jobName());
        assertEquals("2026-11-23T10:05Z", plan.start().get().scheduled().toString());
        assertEquals(Optional.of(Instant.parse("2026-11-23T10:05:00Z")), plan.lastScheduleTime());
        assertEquals(Optional.of(Duration.ofSeconds(270)), plan.requeue(), "again exactly at 10:10");
    }

    @Test
    void nothingDueWaitsForTheNextActivation() {
        SchedulePlan plan = decide(spec("0 11 * * *", "Allow"), null, List.of(), Set.of());

        assertTrue(plan.start().isEmpty());
        assertEquals(Optional.of(Duration.ofMinutes(54).plusSeconds(30)), plan.requeue());
    }

    @Test
    void forbidSkipsWhileAJobRuns() {
        SchedulePlan plan = decide(spec("*/5 * * * *", "Forbid"), Instant.parse("2026-11-23T10:00:00Z"),
                List.of(RUNNING), Set.of("cj-29925240"));

        assertTrue(plan.start().isEmpty());
        assertEquals("JobAlreadyActive", plan.events().get(0).reason());
        assertTrue(plan.lastScheduleTime().isEmpty());
    }

    @Test
    void replaceDeletesTheRunningJobsFirst() {
        SchedulePlan plan = decide(spec("*/5 * * * *", "Replace"), Instant.parse("2026-11-23T10:00:00Z"),
                List.of(RUNNING), Set.of("cj-29925240"));

        assertEquals(List.of(RUNNING), plan.replace());
        assertTrue(plan.start().isPresent());
    }

    @Test
    void allowRunsConcurrently() {
        SchedulePlan plan = decide(spec("*/5 * * * *", "Allow"), Instant.parse("2026-11-23T10:00:00Z"),
                List.of(RUNNING), Set.of());

        assertTrue(plan.replace().isEmpty());
        assertTrue(plan.start().isPresent());
    }

    @Test
    void anActivationAlreadyStartedOnlyMovesLastScheduleTime() {
        String name = "cj-" + Instant.parse("2026-11-23T10:05:00Z").getEpochSecond() / 60;
        SchedulePlan plan = decide(spec("*/5 * * * *", "Allow"), Instant.parse("2026-11-23T10:00:00Z"), List.of(),
                Set.of(name));

        assertTrue(plan.start().isEmpty());
        assertEquals(Optional.of(Instant.parse("2026-11-23T10:05:00Z")), plan.lastScheduleTime());
    }

    @Test
    void suspendedStartsNothing() {
        CronJobSpec spec = new CronJobSpecBuilder(spec("* * * * *", "Allow")).withSuspend(true).build();
        assertTrue(decide(spec, null, List.of(), Set.of()).start().isEmpty());
    }

    @Test
    void startingDeadlinePassedStartsNothing() {
        CronJobSpec spec = new CronJobSpecBuilder(spec("*/5 * * * *", "Allow")).withStartingDeadlineSeconds(10L).build();
        assertTrue(decide(spec, null, List.of(), Set.of()).start().isEmpty());
    }

    @Test
    void timeZoneMovesTheActivationAndTheAnnotation() {
        CronJobSpec spec = new CronJobSpecBuilder(spec("5 19 * * *", "Allow")).withTimeZone("Asia/Tokyo").build();
        SchedulePlan plan = decide(spec, null, List.of(), Set.of());

        assertEquals("2026-11-23T19:05+09:00[Asia/Tokyo]", plan.start().get().scheduled().toString());
    }

    @Test
    void manyMissedActivationsWarn() {
        SchedulePlan plan = SchedulePlan.decide("cj", spec("* * * * *", "Allow"), Instant.parse("2026-11-23T07:00:00Z"),
                null, List.of(), Set.of(), NOW);

        assertEquals("TooManyMissedTimes", plan.events().get(0).reason());
        assertTrue(plan.start().isPresent(), "the most recent one still runs");
    }

    @Test
    void badScheduleAndZoneAreReported() {
        assertEquals("UnparseableSchedule", decide(spec("61 * * * *", "Allow"), null, List.of(), Set.of())
                .events().get(0).reason());
        CronJobSpec spec = new CronJobSpecBuilder(spec("* * * * *", "Allow")).withTimeZone("Mars/Olympus").build();
        assertEquals("UnknownTimeZone", decide(spec, null, List.of(), Set.of()).events().get(0).reason());
    }

    private static SchedulePlan decide(CronJobSpec spec, Instant last, List<ObjectReference> active, Set<String> children) {
        return SchedulePlan.decide("cj", spec, CREATED, last, active, children, NOW);
    }

    private static CronJobSpec spec(String schedule, String policy) {
        return new CronJobSpecBuilder().withSchedule(schedule).withConcurrencyPolicy(policy).build();
    }
}
