package io.timonel.plugins.controllers.kit;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events about objects, as {@code kubectl describe} and {@code kubectl get events}
 * show them. Writes are asynchronous and best effort: an event never delays or fails a reconcile.
 * The same event repeated (same object, type, reason and message) within ten minutes updates the
 * first one's count and lastTimestamp instead of creating another, like client-go's correlator.
 */
public final class EventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final long REPEAT_WINDOW_SECONDS = 600;
    private static final int REMEMBERED = 4096;

    private final KubernetesClient client;
    private final String component;
    private final Clock clock;
    private final ExecutorService writer;
    private final Map<String, Event> recent = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Event> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * @param component the reporting component ({@code source.component}), e.g. {@code deployment-controller}
     * @param writer    where the API writes run
     */
    public EventRecorder(KubernetesClient client, String component, Clock clock, ExecutorService writer) {
        this.client = client;
        this.component = component;
        this.clock = clock;
        this.writer = writer;
    }

    /** An event of type Normal. */
    public void normal(HasMetadata about, String reason, String message) {
        record(about, "Normal", reason, message);
    }

    /** An event of type Warning. */
    public void warning(HasMetadata about, String reason, String message) {
        record(about, "Warning", reason, message);
    }

    private void record(HasMetadata about, String type, String reason, String message) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String namespace = about.getMetadata().getNamespace() == null ? "default" : about.getMetadata().getNamespace();
        String key = about.getMetadata().getUid() + "|" + type + "|" + reason + "|" + message;
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
                        .withName(about.getMetadata().getName() + "." + Long.toHexString(System.nanoTime()))
                        .withNamespace(namespace).endMetadata()
                        .withInvolvedObject(new ObjectReferenceBuilder()
                                .withApiVersion(about.getApiVersion()).withKind(about.getKind())
                                .withNamespace(about.getMetadata().getNamespace())
                                .withName(about.getMetadata().getName()).withUid(about.getMetadata().getUid())
                                .withResourceVersion(about.getMetadata().getResourceVersion()).build())
                        .withType(type).withReason(reason).withMessage(message)
                        .withNewSource().withComponent(component).endSource()
                        .withReportingComponent(component).withReportingInstance(component)
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
