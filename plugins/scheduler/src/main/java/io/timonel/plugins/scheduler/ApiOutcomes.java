package io.timonel.plugins.scheduler;

import io.timonel.plugins.scheduler.api.EventRecorder;
import io.timonel.plugins.scheduler.api.PodStatusWriter;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.Status;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports outcomes as Kubernetes' scheduler does: a {@code Scheduled} event on success; on
 * failure {@code PodScheduled=False} (reason Unschedulable) and a {@code FailedScheduling}
 * Warning event, written again only when the message changes, so that a pod retried often does
 * not flood the API.
 */
final class ApiOutcomes implements Outcomes {

    private final EventRecorder events;
    private final PodStatusWriter status;
    private final Map<String, String> lastFailure = new ConcurrentHashMap<>();

    ApiOutcomes(EventRecorder events, PodStatusWriter status) {
        this.events = events;
        this.status = status;
    }

    @Override
    public void scheduled(PodInfo pod, String node) {
        lastFailure.remove(pod.uid());
        events.record(pod.pod(), "Normal", "Scheduled", "Binding",
                "Successfully assigned " + pod.key() + " to " + node);
    }

    @Override
    public void unschedulable(PodInfo pod, String message) {
        if (message.equals(lastFailure.put(pod.uid(), message))) {
            return;
        }
        status.unschedulable(pod.pod(), message);
        events.record(pod.pod(), "Warning", "FailedScheduling", "Scheduling", message);
    }

    @Override
    public void failed(PodInfo pod, Status failure) {
        String message = failure.message();
        if (message.equals(lastFailure.put(pod.uid(), message))) {
            return;
        }
        events.record(pod.pod(), "Warning", "FailedScheduling", "Scheduling", message);
    }

    /** Forgets a deleted pod. */
    void forget(String uid) {
        lastFailure.remove(uid);
    }
}
