package io.timonel.plugins.scheduler.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes core/v1 Events about pods as the scheduler ({@code source.component} and
 * {@code reportingController} {@code default-scheduler}), asynchronously. Like Kubernetes'
 * event broadcaster it is best-effort: when too many are in flight, new ones are dropped
 * (counted) rather than slowing scheduling.
 */
public final class EventRecorder {

    public static final String COMPONENT = "default-scheduler";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IN_FLIGHT = 256;

    private final RestCalls rest;
    private final Clock clock;
    private final String instance;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();

    public EventRecorder(RestCalls rest, Clock clock, String instance) {
        this.rest = rest;
        this.clock = clock;
        this.instance = instance;
    }

    /** A Normal or Warning event about the pod. */
    public void record(Pod pod, String type, String reason, String action, String message) {
        if (!inFlight.tryAcquire()) {
            dropped.incrementAndGet();
            return;
        }
        String namespace = pod.getMetadata().getNamespace();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        ObjectNode e = JSON.createObjectNode();
        e.put("apiVersion", "v1").put("kind", "Event");
        e.putObject("metadata").put("namespace", namespace)
                .put("name", pod.getMetadata().getName() + "." + Long.toHexString(clock.millis() * 1000 + sequence.incrementAndGet() % 1000));
        ObjectNode involved = e.putObject("involvedObject");
        involved.put("apiVersion", "v1").put("kind", "Pod").put("namespace", namespace)
                .put("name", pod.getMetadata().getName()).put("uid", pod.getMetadata().getUid());
        if (pod.getMetadata().getResourceVersion() != null) {
            involved.put("resourceVersion", pod.getMetadata().getResourceVersion());
        }
        e.put("type", type).put("reason", reason).put("message", message).put("action", action);
        e.putObject("source").put("component", COMPONENT);
        e.put("reportingComponent", COMPONENT).put("reportingInstance", instance);
        e.put("firstTimestamp", now.toString()).put("lastTimestamp", now.toString()).put("count", 1);
        rest.send("POST", "/api/v1/namespaces/" + namespace + "/events", "application/json", e.toString())
                .whenComplete((r, t) -> inFlight.release());
    }

    /** Events not written because too many were in flight. */
    public long dropped() {
        return dropped.get();
    }
}
