package io.timonel.plugins.controllers.nodelifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * How fast nodes of one zone may get NoExecute taints: a token bucket per zone holding one token,
 * refilled at the zone's rate (Kubernetes' {@code --node-eviction-rate}, 0.1 nodes a second), so
 * that one failing node is tainted at once and a failing rack one node every ten seconds. A rate
 * of zero refuses everything. Times come from the caller; safe for concurrent use.
 */
final class TaintLimiter {
    private record Bucket(double rate, double tokens, Instant at) {
    }

    private final Map<String, Bucket> buckets = new HashMap<>();

    /** Takes a token for {@code zone} at {@code rate} per second if one is there. */
    synchronized boolean tryAcquire(String zone, double rate, Instant now) {
        if (rate <= 0) {
            return false;
        }
        Bucket b = buckets.get(zone);
        if (b == null || b.rate() != rate) {
            b = new Bucket(rate, 1.0, now); // a new rate starts with a full bucket, as a new limiter does
        }
        double elapsed = Math.max(0, Duration.between(b.at(), now).toNanos() / 1e9);
        double tokens = Math.min(1.0, b.tokens() + elapsed * rate);
        if (tokens >= 1.0) {
            buckets.put(zone, new Bucket(rate, tokens - 1.0, now));
            return true;
        }
        buckets.put(zone, new Bucket(rate, tokens, now));
        return false;
    }
}
