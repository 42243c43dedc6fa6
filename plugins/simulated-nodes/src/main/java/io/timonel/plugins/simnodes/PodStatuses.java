package io.timonel.plugins.simnodes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * The pod statuses a kubelet would report for a simulated pod, as merge patches of the status
 * subresource (a merge patch replaces lists whole, so conditions and container statuses are
 * always written complete). Probes are not run: containers are ready as soon as they run.
 */
final class PodStatuses {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private PodStatuses() {
    }

    /** The pod running: IPs, start time, QoS class, conditions, every container running and ready. */
    static ObjectNode running(Pod pod, String podIp, String hostIp, Instant now) {
        ObjectNode status = JSON.objectNode();
        status.put("phase", "Running");
        addresses(status, podIp, hostIp);
        PodStatus current = pod.getStatus();
        String startTime = current != null && current.getStartTime() != null ? current.getStartTime()
                : Timestamps.time(now);
        status.put("startTime", startTime);
        status.put("qosClass", current != null && current.getQosClass() != null ? current.getQosClass()
                : QosClass.of(pod.getSpec()));
        ArrayNode conditions = status.putArray("conditions");
        condition(conditions, pod, "PodReadyToStartContainers", "True", null, now);
        condition(conditions, pod, "Initialized", "True", null, now);
        condition(conditions, pod, "Ready", "True", null, now);
        condition(conditions, pod, "ContainersReady", "True", null, now);
        condition(conditions, pod, "PodScheduled", "True", null, now);
        ArrayNode init = JSON.arrayNode();
        if (!pod.getSpec().getInitContainers().isEmpty()) {
            status.set("initContainerStatuses", init);
        }
        for (Container c : pod.getSpec().getInitContainers()) {
            if ("Always".equals(c.getRestartPolicy())) { // a sidecar: it keeps running beside the others
                init.add(runningContainer(pod, c, 0, startTime, null));
            } else {
                ObjectNode s = container(pod, c, 0, true, false);
                s.putObject("state").putObject("terminated").put("exitCode", 0).put("reason", "Completed")
                        .put("startedAt", startTime).put("finishedAt", startTime)
                        .put("containerID", s.path("containerID").asText());
                init.add(s);
            }
        }
        ArrayNode containers = status.putArray("containerStatuses");
        for (Container c : pod.getSpec().getContainers()) {
            containers.add(runningContainer(pod, c, 0, Timestamps.time(now), null));
        }
        return patch(status);
    }

    /**
     * The pod's containers have exited with {@code exit} and will not be restarted: the pod is
     * {@code phase} (Succeeded or Failed), no longer ready.
     */
    static ObjectNode terminated(Pod pod, PodExit exit, String phase, Instant now) {
        ObjectNode status = JSON.objectNode();
        status.put("phase", phase);
        String why = phase.equals("Succeeded") ? "PodCompleted" : "PodFailed";
        ArrayNode conditions = status.putArray("conditions");
        condition(conditions, pod, "PodReadyToStartContainers", "False", null, now);
        condition(conditions, pod, "Initialized", "True", null, now);
        condition(conditions, pod, "Ready", "False", why, now);
        condition(conditions, pod, "ContainersReady", "False", why, now);
        condition(conditions, pod, "PodScheduled", "True", null, now);
        ArrayNode containers = status.putArray("containerStatuses");
        for (Container c : pod.getSpec().getContainers()) {
            ContainerStatus previous = previous(pod, c.getName());
            int restarts = previous == null || previous.getRestartCount() == null ? 0 : previous.getRestartCount();
            ObjectNode s = container(pod, c, restarts, false, false);
            s.putObject("state").set("terminated", exited(exit, startedAt(previous, now), now,
                    s.path("containerID").asText()));
            containers.add(s);
        }
        return patch(status);
    }

    /**
     * The pod's containers exited with {@code exit} and were restarted at once (probes and
     * back-off are not simulated): each counts one more restart and shows the exit as its last state.
     */
    static ObjectNode restarted(Pod pod, PodExit exit, Instant now) {
        ObjectNode status = JSON.objectNode();
        ArrayNode containers = status.putArray("containerStatuses");
        for (Container c : pod.getSpec().getContainers()) {
            ContainerStatus previous = previous(pod, c.getName());
            int restarts = previous == null || previous.getRestartCount() == null ? 0 : previous.getRestartCount();
            ObjectNode last = exited(exit, startedAt(previous, now), now,
                    containerId(pod, c.getName(), restarts));
            containers.add(runningContainer(pod, c, restarts + 1, Timestamps.time(now), last));
        }
        return patch(status);
    }

    /** When the pod's containers last started: the first container's running startedAt, else the pod's start. */
    static Instant runningSince(Pod pod) {
        PodStatus status = pod.getStatus();
        if (status == null) {
            return null;
        }
        for (ContainerStatus s : status.getContainerStatuses()) {
            if (s.getState() != null && s.getState().getRunning() != null
                    && s.getState().getRunning().getStartedAt() != null) {
                return Instant.parse(s.getState().getRunning().getStartedAt());
            }
        }
        return status.getStartTime() == null ? null : Instant.parse(status.getStartTime());
    }

    /** The restarts counted so far (of the first container). */
    static int restarts(Pod pod) {
        PodStatus status = pod.getStatus();
        if (status == null || status.getContainerStatuses().isEmpty()) {
            return 0;
        }
        Integer count = status.getContainerStatuses().get(0).getRestartCount();
        return count == null ? 0 : count;
    }

    private static ObjectNode patch(ObjectNode status) {
        ObjectNode patch = JSON.objectNode();
        patch.set("status", status);
        return patch;
    }

    private static void addresses(ObjectNode status, String podIp, String hostIp) {
        status.put("hostIP", hostIp);
        status.putArray("hostIPs").addObject().put("ip", hostIp);
        status.put("podIP", podIp);
        status.putArray("podIPs").addObject().put("ip", podIp);
    }

    private static ObjectNode runningContainer(Pod pod, Container c, int restarts, String startedAt,
                                               ObjectNode lastTerminated) {
        ObjectNode s = container(pod, c, restarts, true, true);
        s.putObject("state").putObject("running").put("startedAt", startedAt);
        ObjectNode last = s.putObject("lastState");
        if (lastTerminated != null) {
            last.set("terminated", lastTerminated);
        }
        return s;
    }

    private static ObjectNode container(Pod pod, Container c, int restarts, boolean ready, boolean started) {
        String image = c.getImage() == null ? "" : c.getImage();
        return JSON.objectNode().put("name", c.getName()).put("image", image).put("imageID", imageId(image))
                .put("containerID", containerId(pod, c.getName(), restarts)).put("ready", ready)
                .put("started", started).put("restartCount", restarts);
    }

    private static ObjectNode exited(PodExit exit, String startedAt, Instant now, String containerId) {
        return JSON.objectNode().put("exitCode", exit.exitCode()).put("reason", exit.reason())
                .put("startedAt", startedAt).put("finishedAt", Timestamps.time(now)).put("containerID", containerId);
    }

    private static void condition(ArrayNode into, Pod pod, String type, String status, String reason, Instant now) {
        String transition = Timestamps.time(now);
        List<PodCondition> existing = pod.getStatus() == null ? List.of() : pod.getStatus().getConditions();
        for (PodCondition c : existing) {
            if (type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                transition = c.getLastTransitionTime();
            }
        }
        ObjectNode c = into.addObject().put("type", type).put("status", status).putNull("lastProbeTime")
                .put("lastTransitionTime", transition);
        if (reason != null) {
            c.put("reason", reason);
        }
    }

    private static ContainerStatus previous(Pod pod, String name) {
        if (pod.getStatus() == null) {
            return null;
        }
        return pod.getStatus().getContainerStatuses().stream().filter(s -> name.equals(s.getName())).findFirst()
                .orElse(null);
    }

    private static String startedAt(ContainerStatus previous, Instant now) {
        if (previous != null && previous.getState() != null && previous.getState().getRunning() != null
                && previous.getState().getRunning().getStartedAt() != null) {
            return previous.getState().getRunning().getStartedAt();
        }
        return Timestamps.time(now);
    }

    /** A digest-pinned reference, as runtimes report the image a container runs. */
    static String imageId(String image) {
        int at = image.indexOf('@');
        if (at >= 0) {
            return image;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        String repository = colon > slash ? image.substring(0, colon) : image;
        return repository + "@sha256:" + sha256(image);
    }

    /** A stable id per pod, container and restart, in the runtime's {@code <type>://<id>} form. */
    static String containerId(Pod pod, String container, int restarts) {
        return "simulated://" + sha256(pod.getMetadata().getUid() + "/" + container + "/" + restarts);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
