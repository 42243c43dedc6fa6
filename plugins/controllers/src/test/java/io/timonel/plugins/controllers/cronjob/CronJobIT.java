package io.timonel.plugins.controllers.cronjob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.kernel.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The CronJob and Job controllers together; schedules fire on the real clock, so this waits up to a minute. */
class CronJobIT {
    private static final String NS = "cron";
    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings("controller-manager", Map.of("controllers", "job,cronjob")));
        client = cluster.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void everyMinuteScheduleCreatesAJobThatIsTrackedUntilItCompletes() {
        client.batch().v1().cronjobs().inNamespace(NS).resource(cronJob("minutely", false)).create();
        client.batch().v1().cronjobs().inNamespace(NS).resource(cronJob("paused", true)).create();

        TestCluster.await("a job of minutely", Duration.ofSeconds(75), () -> !jobsOf("minutely").isEmpty());
        Job job = jobsOf("minutely").get(0);
        String scheduled = job.getMetadata().getAnnotations().get("batch.kubernetes.io/cronjob-scheduled-timestamp");
        assertNotNull(scheduled);
        assertEquals("minutely-" + Instant.parse(scheduled).getEpochSecond() / 60, job.getMetadata().getName());
        assertEquals("minutely", job.getMetadata().getLabels().get("app"));
        assertEquals("CronJob", job.getMetadata().getOwnerReferences().get(0).getKind());
        TestCluster.await("active and lastScheduleTime", Duration.ofSeconds(10), () -> {
            CronJob cj = get("minutely");
            return cj.getStatus() != null && cj.getStatus().getActive() != null
                    && cj.getStatus().getActive().get(0).getName().equals(job.getMetadata().getName())
                    && scheduled.equals(cj.getStatus().getLastScheduleTime());
        });
        assertTrue(jobsOf("paused").isEmpty());

        TestCluster.await("the job's pod", Duration.ofSeconds(10), () -> !podsOf(job.getMetadata().getName()).isEmpty());
        Pod pod = podsOf(job.getMetadata().getName()).get(0);
        pod.setStatus(new PodStatusBuilder().withPhase("Succeeded").addNewContainerStatus().withName("main")
                .withImage("busybox").withImageID("").withReady(false).withRestartCount(0).withNewState()
                .withNewTerminated().withExitCode(0).withReason("Completed").endTerminated().endState()
                .endContainerStatus().build());
        client.pods().inNamespace(NS).resource(pod).updateStatus();

        TestCluster.await("job complete", Duration.ofSeconds(20), () -> {
            Job j = client.batch().v1().jobs().inNamespace(NS).withName(job.getMetadata().getName()).get();
            return j.getStatus() != null && j.getStatus().getCompletionTime() != null;
        });
        TestCluster.await("no active job, a last success", Duration.ofSeconds(20), () -> {
            CronJob cj = get("minutely");
            return (cj.getStatus().getActive() == null || cj.getStatus().getActive().isEmpty())
                    && cj.getStatus().getLastSuccessfulTime() != null;
        });
        TestCluster.await("SawCompletedJob event", Duration.ofSeconds(10), () -> client.v1().events().inNamespace(NS)
                .list().getItems().stream().anyMatch(e -> "SawCompletedJob".equals(e.getReason())));
    }

    private static CronJob cronJob(String name, boolean suspend) {
        return new CronJobBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withSchedule("* * * * *").withSuspend(suspend).withConcurrencyPolicy("Forbid")
                .withNewJobTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("main").withImage("busybox").endContainer()
                .endSpec().endTemplate().endSpec().endJobTemplate().endSpec().build();
    }

    private static CronJob get(String name) {
        return client.batch().v1().cronjobs().inNamespace(NS).withName(name).get();
    }

    private static List<Job> jobsOf(String cronJob) {
        return client.batch().v1().jobs().inNamespace(NS).list().getItems().stream()
                .filter(j -> j.getMetadata().getName().startsWith(cronJob + "-")).toList();
    }

    private static List<Pod> podsOf(String job) {
        return client.pods().inNamespace(NS).withLabel("batch.kubernetes.io/job-name", job).list().getItems();
    }
}
