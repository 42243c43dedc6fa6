package io.timonel.plugins.controllers.kit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Events about one object, rate limited as client-go's EventSourceObjectSpamFilter: a token
 * bucket per object (25 at once, then one more every five minutes), so that a ReplicaSet creating
 * a thousand pods records its first 25 SuccessfulCreate events and does not double the API load
 * of the scale-up with the rest. Events beyond the bucket are dropped.
 */
public final class EventSpamFilter {
    static final int BURST = 25;
    static final Duration REFILL = Duration.ofMinutes(5);
    private static final int REMEMBERED = 4096;

    private final EventRecorder recorder;
    private final Clock clock;
    private final Map<String, double[]> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
            return size() > REMEMBERED;
        }
    };

    public EventSpamFilter(EventRecorder recorder, Clock clock) {
        this.recorder = recorder;
        this.clock = clock;
    }

    public void normal(HasMetadata about, String reason, String message) {
        if (allow(about)) {
            recorder.normal(about, reason, message);
        }
    }

    public void warning(HasMetadata about, String reason, String message) {
        if (allow(about)) {
            recorder.warning(about, reason, message);
        }
    }

    /** Takes a token from the object's bucket (tokens, last refill in millis); false if empty. */
    synchronized boolean allow(HasMetadata about) {
        String key = about.getKind() + "|" + about.getMetadata().getUid();
        long now = clock.millis();
        double[] bucket = buckets.computeIfAbsent(key, k -> new double[] {BURST, now});
        double refilled = (now - bucket[1]) / (double) REFILL.toMillis();
        bucket[0] = Math.min(BURST, bucket[0] + refilled);
        bucket[1] = now;
        if (bucket[0] < 1) {
            return false;
        }
        bucket[0] -= 1;
        return true;
    }
}
