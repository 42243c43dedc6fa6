package io.timonel.plugins.controllers.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.kernel.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The job controller against a real kernel; the test plays the node agent by writing pod status. */
class JobIT {
    private static final String NS = "jobs";
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings("controller-manager", Map.of("controllers", "job,garbagecollector",
                        "job-backoff-base-ms", "100", "job-backoff-max-ms", "400")));
        client = cluster.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void jobWithThreeCompletionsTwoAtATimeCompletesAsItsPodsSucceed() {
        create(job("three", j -> j.editSpec().withCompletions(3).withParallelism(2).endSpec().build()));

        List<Pod> first = awaitActivePods("three", 2);
        Pod pod = first.get(0);
        assertEquals(Set.of("batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name", "controller-uid",
                "job-name", "app"), pod.getMetadata().getLabels().keySet());
        assertEquals(List.of("batch.kubernetes.io/job-tracking"), pod.getMetadata().getFinalizers());
        assertEquals(Boolean.TRUE, pod.getMetadata().getOwnerReferences().get(0).getController());
        assertEquals("Job", pod.getMetadata().getOwnerReferences().get(0).getKind());
        TestCluster.await("active 2", LIMIT, () -> Integer.valueOf(2).equals(status("three").getActive()));
        assertNotNull(get("three").getStatus().getStartTime());

        first.forEach(p -> finish(p, "Succeeded", 0));
        List<Pod> third = awaitActivePods("three", 1);
        TestCluster.await("succeeded 2", LIMIT, () -> Integer.valueOf(2).equals(status("three").getSucceeded()));
        finish(third.get(0), "Succeeded", 0);

        TestCluster.await("Complete", LIMIT, () -> condition(get("three"), "Complete"));
        Job done = get("three");
        assertEquals(3, done.getStatus().getSucceeded());
        assertNull(done.getStatus().getActive());
        assertNotNull(done.getStatus().getCompletionTime());
        assertTrue(condition(done, "SuccessCriteriaMet"));
        TestCluster.await("finalizers removed", LIMIT, () -> pods("three").stream()
                .allMatch(p -> p.getMetadata().getFinalizers() == null || p.getMetadata().getFinalizers().isEmpty()));
        assertEquals(3, pods("three").size());
        TestCluster.await("Completed event", LIMIT, () -> reasons("three").containsAll(Set.of("SuccessfulCreate", "Completed")));
    }

    @Test
    void failingPodsAreReplacedUntilTheBackoffLimit() {
        create(job("failing", j -> j.editSpec().withBackoffLimit(2).endSpec().build()));

        for (int failures = 1; failures <= 3; failures++) {
            Pod pod = awaitActivePods("failing", 1).get(0);
            finish(pod, "Failed", 1);
            int expected = failures;
            TestCluster.await("failed " + expected, LIMIT,
                    () -> Integer.valueOf(expected).equals(status("failing").getFailed()));
        }

        TestCluster.await("Failed", LIMIT, () -> condition(get("failing"), "Failed"));
        JobCondition failed = find(get("failing"), "Failed");
        assertEquals("BackoffLimitExceeded", failed.getReason());
        assertEquals("Job has reached the specified backoff limit", failed.getMessage());
        assertTrue(condition(get("failing"), "FailureTarget"));
        assertEquals(3, pods("failing").size());
        TestCluster.await("event", LIMIT, () -> reasons("failing").contains("BackoffLimitExceeded"));
    }

    @Test
    void indexedJobRunsOnePodPerIndex() {
        create(job("indexed", j -> j.editSpec().withCompletions(3).withParallelism(3)
                .withCompletionMode("Indexed").endSpec().build()));

        List<Pod> pods = awaitActivePods("indexed", 3);
        Map<String, Pod> byIndex = pods.stream().collect(Collectors.toMap(
                p -> p.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index"), p -> p));
        assertEquals(Set.of("0", "1", "2"), byIndex.keySet());
        Pod one = byIndex.get("1");
        assertEquals("indexed-1", one.getSpec().getHostname());
        assertTrue(one.getMetadata().getName().startsWith("indexed-1-"));
        assertEquals("JOB_COMPLETION_INDEX", one.getSpec().getContainers().get(0).getEnv().get(0).getName());

        finish(byIndex.get("0"), "Succeeded", 0);
        finish(byIndex.get("2"), "Succeeded", 0);
        TestCluster.await("indexes 0,2", LIMIT, () -> "0,2".equals(status("indexed").getCompletedIndexes()));
        finish(one, "Succeeded", 0);

        TestCluster.await("Complete", LIMIT, () -> condition(get("indexed"), "Complete"));
        assertEquals("0-2", get("indexed").getStatus().getCompletedIndexes());
        assertEquals(3, get("indexed").getStatus().getSucceeded());
    }

    @Test
    void indexThatFailsBeyondItsPerIndexLimitFailsTheJobOnceTheOthersEnd() {
        create(job("per-index", j -> j.editSpec().withCompletions(2).withParallelism(2).withCompletionMode("Indexed")
                .withBackoffLimitPerIndex(0).endSpec().build()));
        List<Pod> pods = awaitActivePods("per-index", 2);
        Pod zero = pods.stream().filter(p -> "0".equals(p.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index"))).findFirst().orElseThrow();
        Pod one = pods.stream().filter(p -> "1".equals(p.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index"))).findFirst().orElseThrow();
        assertEquals("0", zero.getMetadata().getAnnotations().get("batch.kubernetes.io/job-index-failure-count"));

        finish(zero, "Failed", 1);
        TestCluster.await("index 0 failed", LIMIT, () -> "0".equals(status("per-index").getFailedIndexes()));
        finish(one, "Succeeded", 0);

        TestCluster.await("Failed", LIMIT, () -> condition(get("per-index"), "Failed"));
        assertEquals("FailedIndexes", find(get("per-index"), "Failed").getReason());
        assertEquals("1", get("per-index").getStatus().getCompletedIndexes());
        assertEquals(2, pods("per-index").size(), "a failed index is not retried");
    }

    @Test
    void podFailurePolicyFailsTheJobOnAMatchingExitCode() {
        create(job("policy", j -> j.editSpec().withBackoffLimit(6).withNewPodFailurePolicy()
                .addNewRule().withAction("FailJob").withNewOnExitCodes().withOperator("In").withValues(42)
                .endOnExitCodes().endRule().endPodFailurePolicy().endSpec().build()));

        finish(awaitActivePods("policy", 1).get(0), "Failed", 42);

        TestCluster.await("Failed", LIMIT, () -> condition(get("policy"), "Failed"));
        JobCondition failed = find(get("policy"), "Failed");
        assertEquals("PodFailurePolicy", failed.getReason());
        assertTrue(failed.getMessage().contains("failed with exit code 42 matching FailJob rule at index 0"), failed.getMessage());
    }

    @Test
    void activeDeadlineFailsTheJobAndDeletesItsPods() {
        create(job("deadline", j -> j.editSpec().withActiveDeadlineSeconds(2L).endSpec().build()));
        awaitActivePods("deadline", 1);

        TestCluster.await("Failed", LIMIT, () -> condition(get("deadline"), "Failed"));
        assertEquals("DeadlineExceeded", find(get("deadline"), "Failed").getReason());
        TestCluster.await("pods gone", LIMIT, () -> pods("deadline").isEmpty());
    }

    @Test
    void suspendedJobRunsNoPodsUntilResumed() throws Exception {
        create(job("suspended", j -> j.editSpec().withSuspend(true).endSpec().build()));
        TestCluster.await("Suspended", LIMIT, () -> condition(get("suspended"), "Suspended"));
        Thread.sleep(300);
        assertTrue(pods("suspended").isEmpty());

        client.batch().v1().jobs().inNamespace(NS).withName("suspended").edit(j -> {
            j.getSpec().setSuspend(false);
            return j;
        });

        awaitActivePods("suspended", 1);
        TestCluster.await("resumed", LIMIT, () -> "JobResumed".equals(find(get("suspended"), "Suspended").getReason()));
        assertEquals("False", find(get("suspended"), "Suspended").getStatus());
    }

    @Test
    void finishedJobIsDeletedAfterItsTtl() {
        create(job("ttl", j -> j.editSpec().withTtlSecondsAfterFinished(1).endSpec().build()));
        finish(awaitActivePods("ttl", 1).get(0), "Succeeded", 0);

        TestCluster.await("job deleted", LIMIT, () -> get("ttl") == null);
    }

    @Test
    void deletingAJobDeletesItsPodsAndReleasesTheirFinalizers() {
        create(job("cascade", j -> j.editSpec().withParallelism(2).withCompletions(2).endSpec().build()));
        awaitActivePods("cascade", 2);

        client.batch().v1().jobs().inNamespace(NS).withName("cascade")
                .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();

        TestCluster.await("pods gone", LIMIT, () -> pods("cascade").isEmpty());
    }

    @Test
    void orphanedPodsLoseTheirOwnerAndTrackingFinalizer() {
        create(job("orphans", j -> j.editSpec().withParallelism(1).endSpec().build()));
        awaitActivePods("orphans", 1);

        client.batch().v1().jobs().inNamespace(NS).withName("orphans")
                .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.ORPHAN).delete();

        TestCluster.await("job gone", LIMIT, () -> get("orphans") == null);
        TestCluster.await("pod released", LIMIT, () -> {
            Pod pod = pods("orphans").get(0);
            return (pod.getMetadata().getOwnerReferences() == null || pod.getMetadata().getOwnerReferences().isEmpty())
                    && (pod.getMetadata().getFinalizers() == null || pod.getMetadata().getFinalizers().isEmpty());
        });
    }

    // fixtures

    private static Job job(String name, java.util.function.Function<JobBuilder, Job> customize) {
        return customize.apply(new JobBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("main").withImage("busybox")
                .endContainer().endSpec().endTemplate().endSpec());
    }

    private static void create(Job job) {
        client.batch().v1().jobs().inNamespace(NS).resource(job).create();
    }

    private static Job get(String name) {
        return client.batch().v1().jobs().inNamespace(NS).withName(name).get();
    }

    private static io.fabric8.kubernetes.api.model.batch.v1.JobStatus status(String name) {
        Job job = get(name);
        return job == null || job.getStatus() == null ? new io.fabric8.kubernetes.api.model.batch.v1.JobStatus()
                : job.getStatus();
    }

    private static List<Pod> pods(String job) {
        return client.pods().inNamespace(NS).withLabel("batch.kubernetes.io/job-name", job).list().getItems();
    }

    private static List<Pod> awaitActivePods(String job, int count) {
        TestCluster.await(count + " active pods of " + job, LIMIT, () -> active(job).size() == count);
        return active(job);
    }

    private static List<Pod> active(String job) {
        return pods(job).stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null
                && (p.getStatus() == null || p.getStatus().getPhase() == null
                || !Set.of("Succeeded", "Failed").contains(p.getStatus().getPhase()))).toList();
    }

    /** What a node agent reports when the pod's only container exits. */
    private static void finish(Pod pod, String phase, int exitCode) {
        Pod current = client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).get();
        current.setStatus(new PodStatusBuilder().withPhase(phase).addNewContainerStatus().withName("main")
                .withImage("busybox").withImageID("").withReady(false).withRestartCount(0).withNewState()
                .withNewTerminated().withExitCode(exitCode).withReason(exitCode == 0 ? "Completed" : "Error")
                .endTerminated().endState().endContainerStatus().build());
        client.pods().inNamespace(NS).resource(current).updateStatus();
    }

    private static boolean condition(Job job, String type) {
        JobCondition c = find(job, type);
        return c != null && "True".equals(c.getStatus());
    }

    private static JobCondition find(Job job, String type) {
        if (job == null || job.getStatus() == null || job.getStatus().getConditions() == null) {
            return null;
        }
        return job.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    private static Set<String> reasons(String job) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> job.equals(e.getInvolvedObject().getName()))
                .map(e -> e.getReason()).collect(Collectors.toSet());
    }
}
