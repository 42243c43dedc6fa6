package io.timonel.plugins.admission.quota;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.plugins.admission.resources.Forbidden;
import io.timonel.plugins.admission.resources.Quantity;
import io.timonel.plugins.admission.resources.ResourceList;
import io.timonel.spi.admission.AdmissionPlugin;
import io.timonel.spi.admission.AdmissionRequest;
import io.timonel.spi.admission.AdmissionResult;
import io.timonel.spi.admission.Operation;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.pf4j.Extension;

/**
 * Kubernetes' {@code ResourceQuota} admission, validating, on creates: refuses an object whose
 * usage would take any ResourceQuota of its namespace over its {@code spec.hard}.
 *
 * <h2>No overshoot under concurrent creates</h2>
 * A write goes admission → store → watch cache, so usage counted from the cache alone misses
 * objects admitted a moment ago and not yet seen, and two concurrent creates could both take the
 * last unit. So decisions in a namespace are made one at a time under that namespace's lock, and
 * each admitted (non-dry-run) create leaves a {@link Reservation} that counts as used until the
 * cache shows the object (matched by uid, which the kernel assigns before admission) or, if the
 * write never lands (a name clash, a store failure), until the reservation expires. Used =
 * objects in the cache + pending reservations, never both for one object. The cost of a failed
 * write is that its usage stays charged for the expiry (30 seconds by default), erring towards
 * refusing rather than overshooting.
 *
 * <p>Usage is counted from the objects themselves, not from the quota's {@code status.used}
 * (keeping that current is the quota controller's job). Updates are not charged: they rarely
 * change usage (pod resources are immutable); claim resizes and service type changes are left
 * unenforced for now.
 */
@Extension(ordinal = 1000)
public final class ResourceQuotaAdmission implements AdmissionPlugin {
    static final Duration DEFAULT_EXPIRY = Duration.ofSeconds(30);
    private static final List<String> COMPUTE = List.of("requests.cpu", "limits.cpu", "requests.memory",
            "limits.memory");

    private final Clock clock;
    private final Duration expiry;
    private final Map<String, NamespaceLedger> ledgers = new ConcurrentHashMap<>();

    /** With the system clock and the default reservation expiry; as the plugin host creates it. */
    public ResourceQuotaAdmission() {
        this(Clock.systemUTC(), DEFAULT_EXPIRY);
    }

    ResourceQuotaAdmission(Clock clock, Duration expiry) {
        this.clock = clock;
        this.expiry = expiry;
    }

    @Override
    public String name() {
        return "ResourceQuota";
    }

    @Override
    public AdmissionResult admit(AdmissionRequest request) {
        if (request.operation() != Operation.CREATE || !request.subresource().isEmpty()
                || request.namespace().isEmpty() || request.object() == null) {
            return AdmissionResult.allow();
        }
        List<JsonNode> quotas = request.objects().list("", "resourcequotas", request.namespace());
        if (quotas.isEmpty()) {
            return AdmissionResult.allow();
        }
        String group = request.type().group();
        String resource = request.type().plural();
        JsonNode object = request.object();
        Map<String, Quantity> requested = Usage.of(group, resource, object);
        QuotaScopes.Target target = new QuotaScopes.Target(group, resource, object);
        List<JsonNode> relevant = new ArrayList<>();
        for (JsonNode quota : quotas) {
            Map<String, Quantity> hard = ResourceList.of(quota.path("spec").path("hard"));
            if (QuotaScopes.of(quota).test(target) && hard.keySet().stream().anyMatch(requested::containsKey)) {
                relevant.add(quota);
            } else if (target.isPod() && QuotaScopes.of(quota).test(target)
                    && COMPUTE.stream().anyMatch(hard::containsKey)) {
                relevant.add(quota);
            }
        }
        if (relevant.isEmpty()) {
            return AdmissionResult.allow();
        }
        if (target.isPod()) {
            for (JsonNode quota : relevant) {
                String missing = missingCompute(quota, object);
                if (!missing.isEmpty()) {
                    return Forbidden.of(request, "failed quota: " + quota.path("metadata").path("name").asText()
                            + ": must specify " + missing);
                }
            }
        }
        NamespaceLedger ledger = ledgers.computeIfAbsent(request.namespace(), ns -> new NamespaceLedger());
        ledger.lock().lock();
        try {
            Instant now = clock.instant();
            List<JsonNode> existing = request.objects().list(group, resource, request.namespace());
            Set<String> uids = new HashSet<>();
            existing.forEach(o -> uids.add(o.path("metadata").path("uid").asText()));
            ledger.prune(group, resource, uids, now);
            List<JsonNode> counted = new ArrayList<>(existing);
            ledger.pending(group, resource).forEach(r -> counted.add(r.object()));
            for (JsonNode quota : relevant) {
                String exceeded = exceeded(quota, requested, counted, group, resource);
                if (!exceeded.isEmpty()) {
                    return Forbidden.of(request, exceeded);
                }
            }
            if (!request.dryRun()) {
                ledger.add(new Reservation(group, resource, request.name(),
                        object.path("metadata").path("uid").asText(), object, requested, now.plus(expiry)));
            }
            return AdmissionResult.allow();
        } finally {
            ledger.lock().unlock();
        }
    }

    /** Kubernetes' {@code exceeded quota: q, requested: ..., used: ..., limited: ...}, or empty when within. */
    private static String exceeded(JsonNode quota, Map<String, Quantity> requested, List<JsonNode> counted,
                                   String group, String resource) {
        Predicate<QuotaScopes.Target> scope = QuotaScopes.of(quota);
        Map<String, Quantity> hard = ResourceList.of(quota.path("spec").path("hard"));
        Map<String, Quantity> used = new TreeMap<>();
        for (JsonNode o : counted) {
            if (scope.test(new QuotaScopes.Target(group, resource, o))) {
                ResourceList.addInto(used, Usage.of(group, resource, o));
            }
        }
        List<String> req = new ArrayList<>();
        List<String> use = new ArrayList<>();
        List<String> lim = new ArrayList<>();
        for (Map.Entry<String, Quantity> h : hard.entrySet()) {
            Quantity ask = requested.get(h.getKey());
            if (ask == null || ask.isZero()) {
                continue;
            }
            Quantity already = used.getOrDefault(h.getKey(), new Quantity(BigDecimal.ZERO, ask.format()));
            if (already.plus(ask).compareTo(h.getValue()) > 0) {
                req.add(h.getKey() + "=" + ask);
                use.add(h.getKey() + "=" + already);
                lim.add(h.getKey() + "=" + h.getValue());
            }
        }
        if (req.isEmpty()) {
            return "";
        }
        return "exceeded quota: " + quota.path("metadata").path("name").asText() + ", requested: "
                + String.join(",", req) + ", used: " + String.join(",", use) + ", limited: " + String.join(",", lim);
    }

    /**
     * A quota on compute makes every container state what it constrains; Kubernetes words the
     * refusal {@code must specify limits.cpu for: a,b; requests.memory for: a}.
     */
    private static String missingCompute(JsonNode quota, JsonNode pod) {
        Map<String, Quantity> hard = ResourceList.of(quota.path("spec").path("hard"));
        List<String> parts = new ArrayList<>();
        for (String key : COMPUTE) {
            boolean constrained = hard.containsKey(key)
                    || (key.startsWith("requests.") && hard.containsKey(key.substring("requests.".length())));
            if (!constrained) {
                continue;
            }
            String field = key.substring(0, key.indexOf('.'));
            String name = key.substring(key.indexOf('.') + 1);
            List<String> containers = new ArrayList<>();
            for (JsonNode c : pod.path("spec").path("containers")) {
                if (!c.path("resources").path(field).has(name)) {
                    containers.add(c.path("name").asText());
                }
            }
            if (!containers.isEmpty()) {
                parts.add(key + " for: " + String.join(",", containers));
            }
        }
        return String.join("; ", parts);
    }
}
