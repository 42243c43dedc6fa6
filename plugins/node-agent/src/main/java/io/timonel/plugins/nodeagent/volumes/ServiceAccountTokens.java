package io.timonel.plugins.nodeagent.volumes;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service account tokens of projected volumes, requested once and renewed as the kubelet
 * does: when 80% of the token's lifetime has passed, or it is older than 24 hours. Where the API
 * server does not serve TokenRequest, the file holds {@link #UNAVAILABLE} instead (asked again
 * after {@link #RETRY_UNSERVED}), so that pods still start and whoever reads the file learns why.
 * Thread-safe.
 */
final class ServiceAccountTokens {
    static final String UNAVAILABLE = "service account token unavailable: the API server does not serve the "
            + "TokenRequest API (serviceaccounts/<name>/token)\n";
    static final Duration RETRY_UNSERVED = Duration.ofMinutes(5);
    private static final Duration MAX_AGE = Duration.ofHours(24);

    private final VolumeSources sources;
    private final Clock clock;
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();

    ServiceAccountTokens(VolumeSources sources, Clock clock) {
        this.sources = sources;
        this.clock = clock;
    }

    /**
     * The token for {@code pod}'s service account with this audience and lifetime, renewed when due.
     *
     * @throws RuntimeException when the request fails for another reason than an unserved API
     */
    String token(Pod pod, String audience, long expirationSeconds) {
        String account = pod.getSpec().getServiceAccountName() == null || pod.getSpec().getServiceAccountName().isEmpty()
                ? "default" : pod.getSpec().getServiceAccountName();
        String key = pod.getMetadata().getUid() + "/" + account + "/" + audience + "/" + expirationSeconds;
        Instant now = clock.instant();
        Issued current = issued.get(key);
        if (current != null && !current.due(now)) {
            return current.value;
        }
        Optional<VolumeSources.Token> token = sources.serviceAccountToken(pod, account, audience, expirationSeconds);
        Issued next = token.map(t -> new Issued(t.value(), now, t.expires()))
                .orElseGet(() -> new Issued(UNAVAILABLE, now, now.plus(RETRY_UNSERVED)));
        issued.put(key, next);
        return next.value;
    }

    /** Forgets the tokens of a pod that is gone. */
    void forget(String podUid) {
        issued.keySet().removeIf(k -> k.startsWith(podUid + "/"));
    }

    private record Issued(String value, Instant at, Instant expires) {
        boolean due(Instant now) {
            Duration lifetime = Duration.between(at, expires);
            Instant renewAt = at.plus(lifetime.multipliedBy(8).dividedBy(10));
            return !now.isBefore(renewAt) || !now.isBefore(at.plus(MAX_AGE));
        }
    }
}
