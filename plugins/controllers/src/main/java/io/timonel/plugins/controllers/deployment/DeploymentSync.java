package io.timonel.plugins.controllers.deployment;

import static io.timonel.plugins.controllers.deployment.RolloutMath.n;
import static io.timonel.plugins.controllers.deployment.RolloutMath.replicas;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.timonel.plugins.controllers.kit.EventSpamFilter;
import io.timonel.plugins.controllers.kit.Owners;
import io.timonel.plugins.controllers.kit.Reconciler.Result;
import io.timonel.plugins.controllers.kit.TemplateHash;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One sync of one Deployment, as Kubernetes' deployment controller's syncDeployment: from the
 * Deployment and the ReplicaSets it controls (already claimed), find or create the new RS, scale
 * new and old RSes as the strategy allows, clean up old revisions, and write the status and
 * conditions. Each write uses the resourceVersion it read: a stale cache ends in a conflict and a
 * retry, never in a wrong write. Not thread-safe; one instance per reconcile.
 */
final class DeploymentSync {
    static final String HASH_LABEL = "pod-template-hash";

    private final KubernetesClient client;
    private final EventSpamFilter events;
    private final Clock clock;
    private Deployment d;
    private final List<ReplicaSet> all;
    private final Map<String, List<Pod>> podsByRs;

    DeploymentSync(KubernetesClient client, EventSpamFilter events, Clock clock, Deployment d, List<ReplicaSet> owned,
                   Map<String, List<Pod>> podsByRs) {
        this.client = client;
        this.events = events;
        this.clock = clock;
        this.d = d;
        this.all = new ArrayList<>(owned);
        this.podsByRs = podsByRs;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    Result run() {
        if (d.getMetadata().getDeletionTimestamp() != null) {
            ReplicaSet newRs = findNew();
            writeStatus(calculateStatus(newRs));
            return Result.done();
        }
        checkPausedConditions();
        if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
            return sync(true);
        }
        if (isScalingEvent()) {
            return sync(false);
        }
        return RolloutMath.isRollingUpdate(d) ? rolloutRolling() : rolloutRecreate();
    }

    // --- finding the new RS ------------------------------------------------------------------

    /** The RS whose template is the Deployment's (ignoring the hash label); the oldest if several. */
    private ReplicaSet findNew() {
        return all.stream().sorted(byCreation())
                .filter(rs -> equalIgnoreHash(rs.getSpec().getTemplate(), d.getSpec().getTemplate()))
                .findFirst().orElse(null);
    }

    static boolean equalIgnoreHash(PodTemplateSpec a, PodTemplateSpec b) {
        return TemplateHash.semanticJson(withoutHash(a)).equals(TemplateHash.semanticJson(withoutHash(b)));
    }

    private static PodTemplateSpec withoutHash(PodTemplateSpec template) {
        PodTemplateSpec copy = new PodTemplateSpecBuilder(template).build();
        if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
            Map<String, String> labels = new HashMap<>(copy.getMetadata().getLabels());
            labels.remove(HASH_LABEL);
            copy.getMetadata().setLabels(labels.isEmpty() ? null : labels);
        }
        return copy;
    }

    private static Comparator<ReplicaSet> byCreation() {
        return Comparator.comparing((ReplicaSet rs) -> rs.getMetadata().getCreationTimestamp() == null ? ""
                : rs.getMetadata().getCreationTimestamp()).thenComparing(rs -> rs.getMetadata().getName());
    }

    private List<ReplicaSet> olds(ReplicaSet newRs) {
        return all.stream().filter(rs -> newRs == null || !rs.getMetadata().getUid().equals(newRs.getMetadata().getUid()))
                .toList();
    }

    /**
     * The new RS, its revision and annotations brought up to date; created (scaled as the
     * strategy allows) when {@code create} and missing. Null when missing and not created.
     */
    private ReplicaSet newReplicaSet(boolean create) {
        ReplicaSet existing = findNew();
        List<ReplicaSet> olds = olds(existing);
        long newRevision = Annotations.maxRevision(olds) + 1;
        if (existing != null) {
            ReplicaSet copy = new ReplicaSetBuilder(existing).build();
            boolean annotationsChanged = Annotations.applyToReplicaSet(d, copy, newRevision, true,
                    RolloutMath.maxSurge(d));
            boolean minReadyChanged = !Objects.equals(n(copy.getSpec().getMinReadySeconds()),
                    n(d.getSpec().getMinReadySeconds()));
            if (annotationsChanged || minReadyChanged) {
                copy.getSpec().setMinReadySeconds(d.getSpec().getMinReadySeconds());
                return replace(existing, client.apps().replicaSets().inNamespace(ns()).resource(copy).update());
            }
            String revision = copy.getMetadata().getAnnotations().get(Annotations.REVISION);
            setDeploymentRevision(revision);
            if (hasProgressDeadline() && Conditions.get(d.getStatus(), Conditions.PROGRESSING).isEmpty()) {
                DeploymentStatus status = copyStatus();
                Conditions.set(status, Conditions.of(Conditions.PROGRESSING, "True", Conditions.FOUND_NEW_RS,
                        "Found new replica set \"" + existing.getMetadata().getName() + "\"", now()));
                writeStatus(status);
            }
            return existing;
        }
        if (!create) {
            return null;
        }
        Integer collisions = d.getStatus() == null ? null : d.getStatus().getCollisionCount();
        String hash = TemplateHash.of(d.getSpec().getTemplate(), collisions);
        PodTemplateSpec template = new PodTemplateSpecBuilder(d.getSpec().getTemplate()).build();
        Map<String, String> labels = new HashMap<>(template.getMetadata() == null || template.getMetadata().getLabels() == null
                ? Map.of() : template.getMetadata().getLabels());
        labels.put(HASH_LABEL, hash);
        template = new PodTemplateSpecBuilder(template).editOrNewMetadata().withLabels(labels).endMetadata().build();
        LabelSelector selector = new LabelSelectorBuilder(d.getSpec().getSelector()).addToMatchLabels(HASH_LABEL, hash)
                .build();
        ReplicaSet fresh = new ReplicaSetBuilder()
                .withNewMetadata().withName(d.getMetadata().getName() + "-" + hash).withNamespace(ns())
                .withLabels(labels).withOwnerReferences(Owners.controllerRef(d)).endMetadata()
                .withNewSpec().withReplicas(0).withMinReadySeconds(d.getSpec().getMinReadySeconds())
                .withSelector(selector).withTemplate(template).endSpec()
                .build();
        List<ReplicaSet> withNew = new ArrayList<>(olds);
        withNew.add(fresh);
        int size = RolloutMath.newReplicaSetReplicas(d, withNew, fresh);
        fresh.getSpec().setReplicas(size);
        Annotations.applyToReplicaSet(d, fresh, newRevision, false, RolloutMath.maxSurge(d));
        ReplicaSet created;
        try {
            created = client.apps().replicaSets().inNamespace(ns()).resource(fresh).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                if (hasProgressDeadline()) {
                    DeploymentStatus status = copyStatus();
                    Conditions.set(status, Conditions.of(Conditions.PROGRESSING, "False", Conditions.FAILED_RS_CREATE,
                            "Failed to create new replica set \"" + fresh.getMetadata().getName() + "\": "
                                    + e.getMessage(), now()));
                    writeStatus(status);
                }
                throw e;
            }
            ReplicaSet there = client.apps().replicaSets().inNamespace(ns()).withName(fresh.getMetadata().getName()).get();
            if (there != null && Owners.isControlledBy(there, d.getMetadata().getUid())
                    && equalIgnoreHash(there.getSpec().getTemplate(), d.getSpec().getTemplate())) {
                all.add(there);
                return there; // our cache had not seen it yet
            }
            // a different template hashed to the same name: salt the hash and try again
            DeploymentStatus status = copyStatus();
            status.setCollisionCount(collisions == null ? 1 : collisions + 1);
            writeStatus(status);
            throw new IllegalStateException("hash collision for " + fresh.getMetadata().getName());
        }
        all.add(created);
        if (size > 0) {
            events.normal(d, "ScalingReplicaSet", "Scaled up replica set " + created.getMetadata().getName()
                    + " from 0 to " + size);
        }
        setDeploymentRevision(Long.toString(newRevision));
        if (hasProgressDeadline()) {
            DeploymentStatus status = copyStatus();
            Conditions.set(status, Conditions.of(Conditions.PROGRESSING, "True", Conditions.NEW_RS_CREATED,
                    "Created new replica set \"" + created.getMetadata().getName() + "\"", now()));
            writeStatus(status);
        }
        return created;
    }

    private ReplicaSet replace(ReplicaSet old, ReplicaSet updated) {
        all.removeIf(rs -> rs.getMetadata().getUid().equals(old.getMetadata().getUid()));
        all.add(updated);
        return updated;
    }

    private void setDeploymentRevision(String revision) {
        String current = d.getMetadata().getAnnotations() == null ? null
                : d.getMetadata().getAnnotations().get(Annotations.REVISION);
        if (revision == null || revision.equals(current)) {
            return;
        }
        String patch = "{\"metadata\":{\"resourceVersion\":\"" + d.getMetadata().getResourceVersion()
                + "\",\"annotations\":{\"" + Annotations.REVISION + "\":\"" + revision + "\"}}}";
        d = client.apps().deployments().inNamespace(ns()).withName(d.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    // --- scaling -------------------------------------------------------------------------------

    /** Sets {@code rs}'s size (and replica annotations); whether the size changed. */
    private boolean scale(ReplicaSet rs, int size) {
        int before = replicas(rs);
        boolean sizeChanged = before != size;
        int surge = RolloutMath.maxSurge(d);
        boolean annotationsChanged = Annotations.replicasNeedUpdate(rs, replicas(d), replicas(d) + surge);
        if (!sizeChanged && !annotationsChanged) {
            return false;
        }
        ReplicaSet copy = new ReplicaSetBuilder(rs).build();
        copy.getSpec().setReplicas(size);
        Annotations.setReplicas(copy, replicas(d), replicas(d) + surge);
        replace(rs, client.apps().replicaSets().inNamespace(ns()).resource(copy).update());
        if (sizeChanged) {
            events.normal(d, "ScalingReplicaSet", "Scaled " + (size > before ? "up" : "down") + " replica set "
                    + rs.getMetadata().getName() + " from " + before + " to " + size);
        }
        return sizeChanged;
    }

    private ReplicaSet current(ReplicaSet rs) {
        return all.stream().filter(r -> r.getMetadata().getUid().equals(rs.getMetadata().getUid())).findFirst()
                .orElse(rs);
    }

    private static List<ReplicaSet> active(List<ReplicaSet> sets) {
        return sets.stream().filter(rs -> replicas(rs) > 0).toList();
    }

    private boolean isScalingEvent() {
        ReplicaSet newRs = newReplicaSet(false);
        List<ReplicaSet> sets = new ArrayList<>(olds(newRs));
        if (newRs != null) {
            sets.add(newRs);
        }
        for (ReplicaSet rs : active(sets)) {
            Integer desired = Annotations.intAnnotation(rs, Annotations.DESIRED_REPLICAS);
            if (desired != null && desired != replicas(d)) {
                return true;
            }
        }
        return false;
    }

    /** Scaling without rolling out (paused, or spec.replicas changed mid-rollout). */
    private Result sync(boolean paused) {
        ReplicaSet newRs = newReplicaSet(false);
        scaleMidRollout(newRs, olds(newRs));
        newRs = newRs == null ? null : current(newRs);
        if (paused) {
            cleanup(olds(newRs));
        }
        writeStatus(calculateStatus(newRs));
        return Result.done();
    }

    private void scaleMidRollout(ReplicaSet newRs, List<ReplicaSet> olds) {
        ReplicaSet only = activeOrLatest(newRs, olds);
        if (only != null) {
            scale(only, replicas(d)); // also refreshes stale replica annotations: no endless "scaling event"
            return;
        }
        if (newRs != null && replicas(newRs) == replicas(d) && n(newRs.getStatus() == null ? null
                : newRs.getStatus().getAvailableReplicas()) == replicas(d)
                && Integer.valueOf(replicas(d)).equals(Annotations.intAnnotation(newRs, Annotations.DESIRED_REPLICAS))) {
            for (ReplicaSet old : active(olds)) {
                scale(old, 0);
            }
            return;
        }
        if (!RolloutMath.isRollingUpdate(d)) {
            return;
        }
        List<ReplicaSet> sets = new ArrayList<>(active(olds));
        if (newRs != null && replicas(newRs) > 0) {
            sets.add(newRs);
        }
        int allReplicas = RolloutMath.specReplicas(sets);
        int surge = RolloutMath.maxSurge(d);
        int allowed = replicas(d) > 0 ? replicas(d) + surge : 0;
        int toAdd = allowed - allReplicas;
        if (sets.isEmpty()) {
            return;
        }
        Comparator<ReplicaSet> bySize = Comparator.comparingInt((ReplicaSet rs) -> replicas(rs)).reversed();
        sets.sort(toAdd > 0 ? bySize.thenComparing(byCreation().reversed()) : bySize.thenComparing(byCreation()));
        Map<String, Integer> sizes = new HashMap<>();
        int added = 0;
        int statusReplicas = d.getStatus() == null ? 0 : n(d.getStatus().getReplicas());
        for (ReplicaSet rs : sets) {
            int p = RolloutMath.proportion(replicas(rs), Annotations.intAnnotation(rs, Annotations.MAX_REPLICAS),
                    replicas(d), surge, statusReplicas, toAdd, added);
            sizes.put(rs.getMetadata().getUid(), replicas(rs) + p);
            added += p;
        }
        if (toAdd != 0) {
            String first = sets.get(0).getMetadata().getUid();
            sizes.put(first, Math.max(0, sizes.get(first) + toAdd - added));
        }
        for (ReplicaSet rs : sets) {
            scale(rs, sizes.get(rs.getMetadata().getUid()));
        }
    }

    private static ReplicaSet activeOrLatest(ReplicaSet newRs, List<ReplicaSet> olds) {
        if (newRs == null && olds.isEmpty()) {
            return null;
        }
        List<ReplicaSet> sorted = new ArrayList<>(olds);
        sorted.sort(byCreation().reversed());
        List<ReplicaSet> sets = new ArrayList<>(sorted);
        if (newRs != null) {
            sets.add(newRs);
        }
        List<ReplicaSet> active = active(sets);
        if (active.isEmpty()) {
            return newRs != null ? newRs : sorted.get(0);
        }
        return active.size() == 1 ? active.get(0) : null;
    }

    // --- strategies ----------------------------------------------------------------------------

    private Result rolloutRolling() {
        ReplicaSet newRs = newReplicaSet(true);
        if (reconcileNew(newRs)) {
            return syncRolloutStatus(current(newRs));
        }
        newRs = current(newRs);
        if (reconcileOld(newRs)) {
            return syncRolloutStatus(current(newRs));
        }
        if (RolloutMath.complete(d, d.getStatus() == null ? new DeploymentStatus() : d.getStatus())) {
            cleanup(olds(newRs));
        }
        return syncRolloutStatus(current(newRs));
    }

    private boolean reconcileNew(ReplicaSet newRs) {
        if (replicas(newRs) == replicas(d)) {
            return false;
        }
        if (replicas(newRs) > replicas(d)) {
            return scale(newRs, replicas(d));
        }
        return scale(newRs, RolloutMath.newReplicaSetReplicas(d, all, newRs));
    }

    private boolean reconcileOld(ReplicaSet newRs) {
        List<ReplicaSet> olds = new ArrayList<>(active(olds(newRs)));
        if (RolloutMath.specReplicas(olds) == 0) {
            return false;
        }
        int allPods = RolloutMath.specReplicas(all);
        int minAvailable = replicas(d) - RolloutMath.maxUnavailable(d);
        int newUnavailable = replicas(newRs) - available(newRs);
        int maxScaledDown = allPods - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return false;
        }
        // unhealthy old pods go first: they cost no availability
        olds.sort(byCreation());
        int cleaned = 0;
        for (ReplicaSet rs : olds) {
            if (cleaned >= maxScaledDown) {
                break;
            }
            int unhealthy = replicas(rs) - available(rs);
            if (replicas(rs) == 0 || unhealthy <= 0) {
                continue;
            }
            int down = Math.min(maxScaledDown - cleaned, unhealthy);
            scale(rs, replicas(rs) - down);
            cleaned += down;
        }
        int availablePods = all.stream().mapToInt(DeploymentSync::available).sum();
        int scaledDown = 0;
        if (availablePods > minAvailable) {
            int total = availablePods - minAvailable;
            for (ReplicaSet original : olds) {
                ReplicaSet rs = current(original);
                if (scaledDown >= total) {
                    break;
                }
                if (replicas(rs) == 0) {
                    continue;
                }
                int down = Math.min(replicas(rs), total - scaledDown);
                scale(rs, replicas(rs) - down);
                scaledDown += down;
            }
        }
        return cleaned + scaledDown > 0;
    }

    private static int available(ReplicaSet rs) {
        return rs.getStatus() == null ? 0 : n(rs.getStatus().getAvailableReplicas());
    }

    private Result rolloutRecreate() {
        ReplicaSet newRs = newReplicaSet(false);
        boolean scaledDown = false;
        for (ReplicaSet old : active(olds(newRs))) {
            scaledDown |= scale(old, 0);
        }
        if (scaledDown) {
            return syncRolloutStatus(newRs == null ? null : current(newRs));
        }
        if (oldPodsRunning(newRs)) {
            return syncRolloutStatus(newRs == null ? null : current(newRs));
        }
        if (newRs == null) {
            newRs = newReplicaSet(true);
        }
        if (scale(current(newRs), replicas(d))) {
            return syncRolloutStatus(current(newRs));
        }
        if (RolloutMath.complete(d, d.getStatus() == null ? new DeploymentStatus() : d.getStatus())) {
            cleanup(olds(newRs));
        }
        return syncRolloutStatus(current(newRs));
    }

    private boolean oldPodsRunning(ReplicaSet newRs) {
        List<ReplicaSet> olds = olds(newRs);
        if (olds.stream().mapToInt(rs -> rs.getStatus() == null ? 0 : n(rs.getStatus().getReplicas())).sum() > 0) {
            return true;
        }
        for (ReplicaSet rs : olds) {
            for (Pod pod : podsByRs.getOrDefault(rs.getMetadata().getUid(), List.of())) {
                String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
                if (!"Failed".equals(phase) && !"Succeeded".equals(phase)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Deletes the oldest unused old RSes beyond revisionHistoryLimit. */
    private void cleanup(List<ReplicaSet> olds) {
        Integer limit = d.getSpec().getRevisionHistoryLimit();
        if (limit == null) {
            return;
        }
        List<ReplicaSet> cleanable = new ArrayList<>(olds.stream()
                .filter(rs -> rs.getMetadata().getDeletionTimestamp() == null).toList());
        int diff = cleanable.size() - limit;
        if (diff <= 0) {
            return;
        }
        cleanable.sort(Comparator.comparingLong(Annotations::revision).thenComparing(byCreation()));
        for (int i = 0; i < diff; i++) {
            ReplicaSet rs = cleanable.get(i);
            long observed = rs.getStatus() == null || rs.getStatus().getObservedGeneration() == null ? 0
                    : rs.getStatus().getObservedGeneration();
            if ((rs.getStatus() != null && n(rs.getStatus().getReplicas()) != 0) || replicas(rs) != 0
                    || (rs.getMetadata().getGeneration() != null && rs.getMetadata().getGeneration() > observed)) {
                continue;
            }
            try {
                client.apps().replicaSets().inNamespace(ns()).resource(rs).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }

    // --- status --------------------------------------------------------------------------------

    private boolean hasProgressDeadline() {
        Integer deadline = d.getSpec().getProgressDeadlineSeconds();
        return deadline != null && deadline != Integer.MAX_VALUE;
    }

    private void checkPausedConditions() {
        if (!hasProgressDeadline()) {
            return;
        }
        var cond = Conditions.get(d.getStatus(), Conditions.PROGRESSING);
        if (cond.isPresent() && Conditions.TIMED_OUT.equals(cond.get().getReason())) {
            return;
        }
        boolean pausedCondition = cond.isPresent() && Conditions.PAUSED.equals(cond.get().getReason());
        boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused());
        DeploymentStatus status = copyStatus();
        if (paused && !pausedCondition) {
            Conditions.set(status, Conditions.of(Conditions.PROGRESSING, "Unknown", Conditions.PAUSED,
                    "Deployment is paused", now()));
        } else if (!paused && pausedCondition) {
            Conditions.set(status, Conditions.of(Conditions.PROGRESSING, "Unknown", Conditions.RESUMED,
                    "Deployment is resumed", now()));
        } else {
            return;
        }
        writeStatus(status);
    }

    private DeploymentStatus copyStatus() {
        return d.getStatus() == null ? new DeploymentStatus() : new DeploymentStatusBuilder(d.getStatus()).build();
    }

    DeploymentStatus calculateStatus(ReplicaSet newRs) {
        int available = all.stream().mapToInt(DeploymentSync::available).sum();
        int total = RolloutMath.specReplicas(all);
        DeploymentStatus status = copyStatus();
        status.setObservedGeneration(d.getMetadata().getGeneration());
        status.setReplicas(all.stream().mapToInt(rs -> rs.getStatus() == null ? 0 : n(rs.getStatus().getReplicas())).sum());
        status.setUpdatedReplicas(newRs == null || newRs.getStatus() == null ? 0 : n(newRs.getStatus().getReplicas()));
        status.setReadyReplicas(all.stream()
                .mapToInt(rs -> rs.getStatus() == null ? 0 : n(rs.getStatus().getReadyReplicas())).sum());
        status.setAvailableReplicas(available);
        status.setUnavailableReplicas(Math.max(0, total - available));
        if (available >= replicas(d) - RolloutMath.maxUnavailable(d)) {
            Conditions.set(status, Conditions.of(Conditions.AVAILABLE, "True", "MinimumReplicasAvailable",
                    "Deployment has minimum availability.", now()));
        } else {
            Conditions.set(status, Conditions.of(Conditions.AVAILABLE, "False", "MinimumReplicasUnavailable",
                    "Deployment does not have minimum availability.", now()));
        }
        return status;
    }

    private Result syncRolloutStatus(ReplicaSet newRs) {
        DeploymentStatus status = calculateStatus(newRs);
        if (!hasProgressDeadline()) {
            Conditions.remove(status, Conditions.PROGRESSING);
        }
        var currentCond = Conditions.get(d.getStatus(), Conditions.PROGRESSING);
        boolean completeBefore = n(status.getReplicas()) == n(status.getUpdatedReplicas())
                && currentCond.map(c -> Conditions.NEW_RS_AVAILABLE.equals(c.getReason())).orElse(false);
        if (hasProgressDeadline() && !completeBefore) {
            String rsName = newRs == null ? null : newRs.getMetadata().getName();
            if (RolloutMath.complete(d, status)) {
                Conditions.set(status, Conditions.of(Conditions.PROGRESSING, "True", Conditions.NEW_RS_AVAILABLE,
                        "ReplicaSet \"" + rsName + "\" has successfully progressed.", now()));
            } else if (RolloutMath.progressing(d, status)) {
                String message = newRs != null ? "ReplicaSet \"" + rsName + "\" is progressing."
                        : "Deployment \"" + d.getMetadata().getName() + "\" is progressing.";
                DeploymentCondition cond = Conditions.of(Conditions.PROGRESSING, "True", Conditions.RS_UPDATED,
                        message, now());
                if (currentCond.isPresent() && "True".equals(currentCond.get().getStatus())) {
                    cond.setLastTransitionTime(currentCond.get().getLastTransitionTime());
                }
                Conditions.remove(status, Conditions.PROGRESSING);
                Conditions.set(status, cond);
            } else if (timedOut(status)) {
                String message = newRs != null ? "ReplicaSet \"" + rsName + "\" has timed out progressing."
                        : "Deployment \"" + d.getMetadata().getName() + "\" has timed out progressing.";
                Conditions.set(status, Conditions.of(Conditions.PROGRESSING, "False", Conditions.TIMED_OUT,
                        message, now()));
            }
        }
        var failure = all.stream().filter(rs -> rs.getStatus() != null && rs.getStatus().getConditions() != null)
                .flatMap(rs -> rs.getStatus().getConditions().stream())
                .filter(c -> "ReplicaFailure".equals(c.getType())).findFirst();
        if (failure.isPresent()) {
            Conditions.set(status, new DeploymentConditionBuilder().withType(Conditions.REPLICA_FAILURE)
                    .withStatus(failure.get().getStatus()).withReason(failure.get().getReason())
                    .withMessage(failure.get().getMessage()).withLastUpdateTime(now().toString())
                    .withLastTransitionTime(failure.get().getLastTransitionTime()).build());
        } else {
            Conditions.remove(status, Conditions.REPLICA_FAILURE);
        }
        if (sameStatus(status, d.getStatus())) {
            return requeueIfStuck(status);
        }
        writeStatus(status);
        return requeueIfStuck(status);
    }

    private boolean timedOut(DeploymentStatus status) {
        var cond = Conditions.get(status, Conditions.PROGRESSING);
        if (cond.isEmpty() || Conditions.NEW_RS_AVAILABLE.equals(cond.get().getReason())) {
            return false;
        }
        if (Conditions.TIMED_OUT.equals(cond.get().getReason())) {
            return true;
        }
        if (cond.get().getLastUpdateTime() == null) {
            return false;
        }
        Instant from = Instant.parse(cond.get().getLastUpdateTime());
        return from.plusSeconds(d.getSpec().getProgressDeadlineSeconds()).isBefore(clock.instant());
    }

    /** A rollout that is neither complete nor timed out is looked at again when its deadline passes. */
    private Result requeueIfStuck(DeploymentStatus status) {
        var cond = Conditions.get(status, Conditions.PROGRESSING);
        if (!hasProgressDeadline() || cond.isEmpty() || RolloutMath.complete(d, status)
                || Conditions.NEW_RS_AVAILABLE.equals(cond.get().getReason())
                || Conditions.TIMED_OUT.equals(cond.get().getReason())
                || Conditions.PAUSED.equals(cond.get().getReason()) || cond.get().getLastUpdateTime() == null) {
            return Result.done();
        }
        Instant from = Instant.parse(cond.get().getLastUpdateTime());
        Duration after = Duration.between(clock.instant(), from.plusSeconds(d.getSpec().getProgressDeadlineSeconds()));
        return Result.after(after.isNegative() ? Duration.ofMillis(100) : after.plusSeconds(1));
    }

    static boolean sameStatus(DeploymentStatus a, DeploymentStatus b) {
        if (b == null) {
            return false;
        }
        return Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
                && n(a.getReplicas()) == n(b.getReplicas())
                && n(a.getUpdatedReplicas()) == n(b.getUpdatedReplicas())
                && n(a.getReadyReplicas()) == n(b.getReadyReplicas())
                && n(a.getAvailableReplicas()) == n(b.getAvailableReplicas())
                && n(a.getUnavailableReplicas()) == n(b.getUnavailableReplicas())
                && Objects.equals(a.getCollisionCount(), b.getCollisionCount())
                && Objects.equals(a.getConditions() == null ? List.of() : a.getConditions(),
                b.getConditions() == null ? List.of() : b.getConditions());
    }

    private void writeStatus(DeploymentStatus status) {
        if (sameStatus(status, d.getStatus())) {
            return;
        }
        Deployment copy = new DeploymentBuilder(d).withStatus(status).build();
        d = client.apps().deployments().inNamespace(ns()).resource(copy).updateStatus();
    }

    private String ns() {
        return d.getMetadata().getNamespace();
    }
}
