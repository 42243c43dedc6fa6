package io.timonel.kernel.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.api.ApiException;
import io.timonel.kernel.json.Json;
import io.timonel.kernel.objects.ObjectService;
import io.timonel.kernel.objects.WriteOptions;
import io.timonel.kernel.watch.CachedObject;
import io.timonel.spi.resource.ResourceType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election through a coordination.k8s.io Lease, as client-go's leader election: the
 * candidate that holds the Lease renews it every retry period; the others take it over once it
 * has not been renewed for its duration. Servers sharing one store thus run controllers on one
 * of them only. Writes are compare-and-swap on the Lease's resourceVersion, so two candidates
 * never both believe they took it.
 */
public final class LeaderElection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);
    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final WriteOptions WRITER = WriteOptions.system("leader-election");

    /**
     * @param leaseDuration how long others wait after the last renewal before taking over
     * @param renewDeadline how long the leader keeps acting without a successful renewal
     * @param retryPeriod   how often candidates try and the leader renews
     */
    public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        /** Kubernetes' defaults: 15 s, 10 s, 2 s. */
        public static Timing defaults() {
            return new Timing(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
        }
    }

    /** What happens as leadership comes and goes; called on the election's thread. */
    public interface Callbacks {
        void startedLeading();

        void stoppedLeading();
    }

    private final ObjectService objects;
    private final ResourceType leases;
    private final String namespace;
    private final String name;
    private final String identity;
    private final Timing timing;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final Callbacks callbacks;
    private volatile boolean leading;
    private Instant lastRenewal = Instant.MIN;
    private ScheduledFuture<?> task;

    public LeaderElection(ObjectService objects, ResourceType leases, String namespace, String name, String identity,
                          Timing timing, Clock clock, ScheduledExecutorService executor, Callbacks callbacks) {
        this.objects = objects;
        this.leases = leases;
        this.namespace = namespace;
        this.name = name;
        this.identity = identity;
        this.timing = timing;
        this.clock = clock;
        this.executor = executor;
        this.callbacks = callbacks;
    }

    /** Tries at once, then every retry period. */
    public void start() {
        task = executor.scheduleWithFixedDelay(this::tryAcquireOrRenew, 0, timing.retryPeriod().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public boolean leading() {
        return leading;
    }

    /** One round: take or renew the Lease, and start or stop leading accordingly. */
    void tryAcquireOrRenew() {
        Instant now = clock.instant();
        boolean held;
        try {
            held = acquireOrRenew(now);
        } catch (RuntimeException e) {
            LOG.debug("lease {}/{} not renewed: {}", namespace, name, e.toString());
            held = false;
        }
        if (held) {
            lastRenewal = now;
            if (!leading) {
                leading = true;
                LOG.info("{} leads through lease {}/{}", identity, namespace, name);
                callbacks.startedLeading();
            }
        } else if (leading && Duration.between(lastRenewal, now).compareTo(timing.renewDeadline()) > 0) {
            leading = false;
            LOG.error("{} lost lease {}/{}: its controllers stop", identity, namespace, name);
            callbacks.stoppedLeading();
        }
    }

    private boolean acquireOrRenew(Instant now) {
        CachedObject existing;
        try {
            existing = objects.get(leases, namespace, name);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
            return create(now);
        }
        JsonNode spec = existing.object().path("spec");
        String holder = spec.path("holderIdentity").asText("");
        boolean mine = holder.equals(identity);
        if (!mine && !holder.isEmpty() && !expired(spec, now)) {
            return false;
        }
        String version = existing.object().path("metadata").path("resourceVersion").asText();
        try {
            objects.guaranteedUpdate(leases, namespace, name, "", WRITER, version, lease -> {
                ObjectNode next = Json.with(lease, "spec");
                next.put("holderIdentity", identity);
                next.put("leaseDurationSeconds", timing.leaseDuration().toSeconds());
                next.put("renewTime", MICRO_TIME.format(now));
                if (!mine) {
                    next.put("acquireTime", MICRO_TIME.format(now));
                    next.put("leaseTransitions", next.path("leaseTransitions").asInt(0) + 1);
                }
                return lease;
            });
            return true;
        } catch (ApiException e) {
            if (e.code() == 409) {
                return false; // another candidate wrote it first
            }
            throw e;
        }
    }

    private boolean create(Instant now) {
        ObjectNode lease = Json.object();
        lease.put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
        lease.putObject("metadata").put("name", name).put("namespace", namespace);
        lease.putObject("spec").put("holderIdentity", identity)
                .put("leaseDurationSeconds", timing.leaseDuration().toSeconds())
                .put("acquireTime", MICRO_TIME.format(now)).put("renewTime", MICRO_TIME.format(now))
                .put("leaseTransitions", 0);
        try {
            objects.create(leases, namespace, lease, WRITER);
            return true;
        } catch (ApiException e) {
            if (e.code() == 409) {
                return false;
            }
            throw e;
        }
    }

    private static boolean expired(JsonNode spec, Instant now) {
        try {
            Instant renewed = Instant.parse(spec.path("renewTime").asText());
            return renewed.plusSeconds(spec.path("leaseDurationSeconds").asLong(15)).isBefore(now);
        } catch (DateTimeParseException e) {
            return true; // no readable renewal: nobody holds it
        }
    }

    /** Stops trying; a leader gives the Lease up so that another server takes over at once. */
    @Override
    public void close() {
        if (task != null) {
            task.cancel(false);
        }
        if (leading) {
            leading = false;
            callbacks.stoppedLeading();
            try {
                objects.guaranteedUpdate(leases, namespace, name, "", WRITER, "", lease -> {
                    ObjectNode spec = Json.with(lease, "spec");
                    if (spec.path("holderIdentity").asText("").equals(identity)) {
                        spec.put("holderIdentity", "");
                        spec.put("leaseDurationSeconds", 1);
                    }
                    return lease;
                });
            } catch (RuntimeException e) {
                LOG.debug("lease {}/{} not released: {}", namespace, name, e.toString());
            }
        }
    }
}
