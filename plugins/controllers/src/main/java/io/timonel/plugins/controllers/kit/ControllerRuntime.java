package io.timonel.plugins.controllers.kit;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every control loop of the manager shares: one API client, one informer per type, the
 * clock, a timer pool for delayed work, an event writer, and the manager's settings.
 *
 * @param client    the API client, authenticated as the controller manager
 * @param informers the shared informers
 * @param clock     the time source
 * @param timers    delayed work (work-queue delays, deadlines); never block it
 * @param writes    background API writes (events)
 * @param settings  the controller manager's settings ({@code controllers.controller-manager.*})
 * @param caPem     the cluster CA certificate (PEM), which the API server's certificate chains to
 */
public record ControllerRuntime(KubernetesClient client, Informers informers, Clock clock,
                                ScheduledExecutorService timers, ExecutorService writes,
                                Map<String, String> settings, String caPem) {

    /** An event recorder reporting as {@code component} (e.g. {@code replicaset-controller}). */
    public EventRecorder events(String component) {
        return new EventRecorder(client, component, clock, writes);
    }

    /** A new work queue whose delays run on the shared timers. */
    public WorkQueue newQueue() {
        return new WorkQueue(timers);
    }

    /** An integer setting, or {@code fallback} when unset. */
    public int intSetting(String key, int fallback) {
        String value = settings.get(key);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
