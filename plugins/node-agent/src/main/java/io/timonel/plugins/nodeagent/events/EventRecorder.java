package io.timonel.plugins.nodeagent.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Events as the kubelet does (source component {@code kubelet}, host the node). The same
 * event repeated within ten minutes (same pod, part, type, reason and message) raises the count
 * of the first instead of making another, like client-go's correlator.
 */
public final class EventRecorder implements PodEvents {
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final String COMPONENT = "kubelet";
    private static final long REPEAT_WINDOW_SECONDS = 600;
    private static final int REMEMBERED = 2048;

    private final KubernetesClient client;
    private final String host;
    private final Clock clock;
    private final Executor writer;
    private final Map<String, Event> recent = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Event> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** @param writer where the API writes run (one at a time keeps counts in order) */
    public EventRecorder(KubernetesClient client, String host, Clock clock, Executor writer) {
        this.client = client;
        this.host = host;
        this.clock = clock;
        this.writer = writer;
    }

    @Override
    public void record(Pod pod, String fieldPath, boolean warning, String reason, String message) {
        String type = warning ? "Warning" : "Normal";
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String key = pod.getMetadata().getUid() + "|" + fieldPath + "|" + type + "|" + reason + "|" + message;
        Event event;
        boolean repeat;
        synchronized (recent) {
            Event previous = recent.get(key);
            repeat = previous != null
                    && Instant.parse(previous.getLastTimestamp()).plusSeconds(REPEAT_WINDOW_SECONDS).isAfter(now);
            if (repeat) {
                event = new EventBuilder(previous).withCount(previous.getCount() + 1)
                        .withLastTimestamp(now.toString()).build();
            } else {
                event = new EventBuilder()
                        .withNewMetadata()
                        .withName(pod.getMetadata().getName() + "." + Long.toHexString(System.nanoTime()))
                        .withNamespace(pod.getMetadata().getNamespace()).endMetadata()
                        .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion("v1").withKind("Pod")
                                .withNamespace(pod.getMetadata().getNamespace())
                                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid())
                                .withResourceVersion(pod.getMetadata().getResourceVersion())
                                .withFieldPath(fieldPath).build())
                        .withType(type).withReason(reason).withMessage(message)
                        .withNewSource().withComponent(COMPONENT).withHost(host).endSource()
                        .withReportingComponent(COMPONENT).withReportingInstance(host)
                        .withFirstTimestamp(now.toString()).withLastTimestamp(now.toString()).withCount(1)
                        .build();
            }
            recent.put(key, event);
        }
        try {
            writer.execute(() -> write(event, repeat));
        } catch (RejectedExecutionException stopped) {
            // shutting down: events are best effort
        }
    }

    private void write(Event event, boolean repeat) {
        try {
            var events = client.v1().events().inNamespace(event.getMetadata().getNamespace());
            if (repeat) {
                events.withName(event.getMetadata().getName()).edit(e -> {
                    e.setCount(event.getCount());
                    e.setLastTimestamp(event.getLastTimestamp());
                    return e;
                });
            } else {
                events.resource(event).create();
            }
        } catch (RuntimeException e) {
            LOG.debug("event {} not recorded: {}", event.getReason(), e.toString());
        }
    }
}
