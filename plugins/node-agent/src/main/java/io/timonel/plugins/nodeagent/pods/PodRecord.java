package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the agent remembers of one pod beyond what the runtime reports: why containers wait,
 * a requested eviction, the status it last wrote. Lost when the agent restarts, on purpose:
 * nothing here is needed to adopt running containers. Touched by the pod's worker only, except
 * {@link #evict} (any thread).
 */
public final class PodRecord {
    final String uid;
    /** The runtime view's mark after this pod's last actions: its next sync reads a listing newer than that. */
    long mark = -1;
    /** By container name, why it waits (cleared when it starts). */
    final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    /** Why the sandbox could not be made, or null. */
    Waiting sandboxError;
    /** The phase the agent made final (an eviction), with reason and message, or null. */
    String terminalPhase;
    String terminalReason;
    String terminalMessage;
    /** The eviction asked for, or null. */
    private volatile String eviction;
    /** The status last written, to write only what changed. */
    PodStatus lastWritten;
    /** When the pod's volumes were last brought up to date. */
    Instant lastVolumeRefresh = Instant.MIN;

    public PodRecord(String uid) {
        this.uid = uid;
    }

    /** Asks for the pod to be evicted with {@code message} (its status message). */
    public void evict(String message) {
        eviction = message;
    }

    String eviction() {
        return eviction;
    }
}
