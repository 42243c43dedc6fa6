package io.timonel.plugins.simnodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodStatusesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00.250Z");
    private static final Instant T1 = Instant.parse("2026-11-23T10:00:02.500Z");

    private static PodBuilder pod() {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withUid("u-1").endMetadata()
                .withNewSpec().withNodeName("sim-node-0")
                .addNewInitContainer().withName("setup").withImage("busybox").endInitContainer()
                .addNewContainer().withName("app").withImage("registry.example:5000/team/app:1.2").endContainer()
                .addNewContainer().withName("sidecar").withImage("envoy").endContainer().endSpec()
                .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("True")
                .withLastTransitionTime("2026-11-23T09:59:59Z").endCondition().endStatus();
    }

    /** The pod as the API server would hold it after the merge patch (status replaced by the patch's). */
    private static Pod applied(Pod pod, ObjectNode patch) {
        ObjectNode object = MAPPER.valueToTree(pod);
        ObjectNode status = (ObjectNode) object.path("status");
        patch.path("status").fields().forEachRemaining(e -> status.set(e.getKey(), e.getValue()));
        return MAPPER.convertValue(object, Pod.class);
    }

    private static JsonNode condition(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (c.path("type").asText().equals(type)) {
                return c;
            }
        }
        throw new AssertionError("no condition " + type);
    }

    @Test
    void aRunningPodHasIpsConditionsAndReadyContainers() {
        JsonNode status = PodStatuses.running(pod().build(), "10.128.0.2", "172.16.0.1", T0).path("status");

        assertEquals("Running", status.path("phase").asText());
        assertEquals("10.128.0.2", status.path("podIP").asText());
        assertEquals("10.128.0.2", status.path("podIPs").get(0).path("ip").asText());
        assertEquals("172.16.0.1", status.path("hostIP").asText());
        assertEquals("2026-11-23T10:00:00Z", status.path("startTime").asText());
        assertEquals("BestEffort", status.path("qosClass").asText());
        for (String type : new String[] {"PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady",
                "PodScheduled"}) {
            assertEquals("True", condition(status, type).path("status").asText(), type);
        }
        assertEquals("2026-11-23T09:59:59Z", condition(status, "PodScheduled").path("lastTransitionTime").asText(),
                "the scheduler's transition time stays");
        JsonNode init = status.path("initContainerStatuses").get(0);
        assertEquals("Completed", init.path("state").path("terminated").path("reason").asText());
        assertEquals(0, init.path("state").path("terminated").path("exitCode").asInt());
        assertEquals(2, status.path("containerStatuses").size());
        JsonNode app = status.path("containerStatuses").get(0);
        assertEquals("app", app.path("name").asText());
        assertTrue(app.path("ready").asBoolean());
        assertTrue(app.path("started").asBoolean());
        assertEquals(0, app.path("restartCount").asInt());
        assertEquals("2026-11-23T10:00:00Z", app.path("state").path("running").path("startedAt").asText());
        assertEquals("registry.example:5000/team/app:1.2", app.path("image").asText());
        assertTrue(app.path("imageID").asText().startsWith("registry.example:5000/team/app@sha256:"));
        assertTrue(app.path("containerID").asText().matches("simulated://[0-9a-f]{64}"));
    }

    @Test
    void aSidecarInitContainerKeepsRunning() {
        Pod pod = pod().editSpec().editFirstInitContainer().withRestartPolicy("Always").endInitContainer().endSpec()
                .build();

        JsonNode init = PodStatuses.running(pod, "10.128.0.2", "172.16.0.1", T0).path("status")
                .path("initContainerStatuses").get(0);

        assertTrue(init.path("state").has("running"));
        assertTrue(init.path("started").asBoolean());
    }

    @Test
    void aQosClassAlreadySetIsKept() {
        Pod pod = pod().editStatus().withQosClass("Guaranteed").endStatus().build();

        assertEquals("Guaranteed", PodStatuses.running(pod, "10.128.0.2", "172.16.0.1", T0).path("status")
                .path("qosClass").asText());
    }

    @Test
    void aSucceededPodIsNotReadyAndItsContainersExitedZero() {
        Pod running = applied(pod().build(), PodStatuses.running(pod().build(), "10.128.0.2", "172.16.0.1", T0));

        JsonNode status = PodStatuses.terminated(running, new PodExit(0), "Succeeded", T1).path("status");

        assertEquals("Succeeded", status.path("phase").asText());
        assertEquals("False", condition(status, "Ready").path("status").asText());
        assertEquals("PodCompleted", condition(status, "Ready").path("reason").asText());
        assertEquals("False", condition(status, "ContainersReady").path("status").asText());
        JsonNode terminated = status.path("containerStatuses").get(0).path("state").path("terminated");
        assertEquals(0, terminated.path("exitCode").asInt());
        assertEquals("Completed", terminated.path("reason").asText());
        assertEquals("2026-11-23T10:00:00Z", terminated.path("startedAt").asText());
        assertEquals("2026-11-23T10:00:02Z", terminated.path("finishedAt").asText());
        assertFalse(status.path("containerStatuses").get(0).path("ready").asBoolean());
    }

    @Test
    void aFailedPodSaysPodFailedAndTheExitCode() {
        JsonNode status = PodStatuses.terminated(pod().build(), new PodExit(3), "Failed", T1).path("status");

        assertEquals("PodFailed", condition(status, "Ready").path("reason").asText());
        JsonNode terminated = status.path("containerStatuses").get(0).path("state").path("terminated");
        assertEquals(3, terminated.path("exitCode").asInt());
        assertEquals("Error", terminated.path("reason").asText());
    }

    @Test
    void aRestartCountsOneAndKeepsTheExitAsLastState() {
        Pod running = applied(pod().build(), PodStatuses.running(pod().build(), "10.128.0.2", "172.16.0.1", T0));

        JsonNode app = PodStatuses.restarted(running, new PodExit(2), T1).path("status").path("containerStatuses")
                .get(0);

        assertEquals(1, app.path("restartCount").asInt());
        assertEquals(2, app.path("lastState").path("terminated").path("exitCode").asInt());
        assertEquals("2026-11-23T10:00:02Z", app.path("state").path("running").path("startedAt").asText());
        assertTrue(app.path("ready").asBoolean());
        assertEquals(1, PodStatuses.restarts(applied(running, PodStatuses.restarted(running, new PodExit(2), T1))));
    }

    @Test
    void jobPodsAndAnnotatedPodsExitOthersRunOn() {
        assertEquals(Optional.empty(), PodExit.of(pod().build()));
        Pod jobPod = pod().editMetadata().addNewOwnerReference().withApiVersion("batch/v1").withKind("Job")
                .withName("j").withUid("j-1").endOwnerReference().endMetadata().build();
        assertEquals(Optional.of(new PodExit(0)), PodExit.of(jobPod));
        Pod failing = pod().editMetadata().withAnnotations(Map.of("sim.timonel.io/exit-code", "7")).endMetadata()
                .build();
        assertEquals(Optional.of(new PodExit(7)), PodExit.of(failing));
    }

    @Test
    void theRestartPolicyDecidesBetweenAnEndAndARestart() {
        assertEquals(Optional.of("Succeeded"), new PodExit(0).terminalPhase("Never"));
        assertEquals(Optional.of("Succeeded"), new PodExit(0).terminalPhase("OnFailure"));
        assertEquals(Optional.empty(), new PodExit(0).terminalPhase("Always"));
        assertEquals(Optional.empty(), new PodExit(0).terminalPhase(null));
        assertEquals(Optional.of("Failed"), new PodExit(1).terminalPhase("Never"));
        assertEquals(Optional.empty(), new PodExit(1).terminalPhase("OnFailure"));
        assertEquals(Optional.empty(), new PodExit(1).terminalPhase("Always"));
    }
}
