package io.timonel.plugins.controllers.gc;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.timonel.plugins.controllers.kit.ControlLoop;
import io.timonel.plugins.controllers.kit.ControllerRuntime;
import io.timonel.plugins.controllers.kit.ReconcileLoop;
import io.timonel.plugins.controllers.kit.Reconciler.Result;
import io.timonel.plugins.controllers.kit.WorkQueue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The garbage collector: a graph of every object's ownerReferences, kept from informers over
 * the built-in types (shared with the other loops) and over every other listable, deletable
 * resource discovery shows (custom resources included, re-discovered every 30 s). It deletes
 * objects whose owners are all gone (Background), deletes the dependents of an owner deleted in
 * the foreground and then releases it (finalizer {@code foregroundDeletion}), and un-owns the
 * dependents of an owner deleted with {@code orphan} before releasing it. Work-queue keys are uids.
 *
 * <p>Settings: {@code garbagecollector-discovery-seconds} (30), how often new resources are looked for.
 */
public final class GarbageCollectorLoop implements ControlLoop {
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollectorLoop.class);
    private static final List<Class<? extends HasMetadata>> TYPED = List.of(Pod.class, ReplicaSet.class,
            Deployment.class, StatefulSet.class, DaemonSet.class, ControllerRevision.class, Job.class, CronJob.class,
            ReplicationController.class, Service.class, Endpoints.class, EndpointSlice.class, ConfigMap.class,
            Secret.class, PersistentVolumeClaim.class, ServiceAccount.class);
    /** Never owned, or written so often that watching them costs more than it could collect. */
    private static final Set<String> IGNORED_GROUPS = Set.of("events.k8s.io", "coordination.k8s.io",
            "authentication.k8s.io", "authorization.k8s.io", "metrics.k8s.io");
    /**
     * Core resources not watched: events are never owners; nodes write their status often at scale
     * and are rarely owners, so what they own is checked through the API and re-verified periodically.
     */
    private static final Set<String> IGNORED_RESOURCES = Set.of("events", "nodes");

    private ControllerRuntime runtime;
    private final OwnerGraph graph = new OwnerGraph();
    private ResourceKinds kinds;
    private WorkQueue queue;
    private ReconcileLoop loop;
    /** group/version/kind of the resources watched, typed or generic. */
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final List<SharedIndexInformer<GenericKubernetesResource>> generic = new ArrayList<>();
    private volatile boolean stopped;
    /**
     * Objects with an owner found only by asking the API (not in the graph: unwatched, or its
     * informer had not listed it): no event will tell when that owner goes, so they are looked at
     * again every discovery period, as Kubernetes re-verifies its virtual nodes.
     */
    private final Set<String> unverified = ConcurrentHashMap.newKeySet();
    private Thread discovery;

    @Override
    public String name() {
        return "garbagecollector";
    }

    @Override
    public void prepare(ControllerRuntime runtime) {
        this.runtime = runtime;
        kinds = new ResourceKinds(runtime.client());
        queue = runtime.newQueue();
        for (Class<? extends HasMetadata> type : TYPED) {
            watchTyped(type);
        }
        loop = new ReconcileLoop(name(), queue, this::reconcile);
    }

    private <T extends HasMetadata> void watchTyped(Class<T> type) {
        try {
            if (!runtime.client().supports(type)) {
                return;
            }
        } catch (RuntimeException e) {
            return;
        }
        ResourceDefinitionContext ctx = ResourceDefinitionContext.fromResourceType(type);
        watched.add(id(ctx));
        runtime.informers().of(type).addEventHandler(handler(null, null));
    }

    /** group/version/kind; the core group is "" whichever way the context was built. */
    private static String id(ResourceDefinitionContext ctx) {
        return (ctx.getGroup() == null ? "" : ctx.getGroup()) + "/" + ctx.getVersion() + "/" + ctx.getKind();
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler(String apiVersion, String kind) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                observe(node(object, apiVersion, kind));
            }

            @Override
            public void onUpdate(T old, T object) {
                observe(node(object, apiVersion, kind));
            }

            @Override
            public void onDelete(T object, boolean unknown) {
                forget(node(object, apiVersion, kind));
            }
        };
    }

    private static Node node(HasMetadata object, String apiVersion, String kind) {
        Node node = Node.of(object);
        if (apiVersion != null && (node.apiVersion() == null || node.kind() == null)) {
            node = new Node(node.uid(), apiVersion, kind, node.namespace(), node.name(), node.owners(), node.deleting(),
                    node.finalizers());
        }
        return node;
    }

    /** Updates the graph and queues what the change may concern. */
    void observe(Node node) {
        Optional<Node> old = graph.put(node);
        boolean ownersChanged = old.isEmpty() || !old.get().owners().equals(node.owners());
        if (!node.owners().isEmpty() && (ownersChanged || old.get().deleting() != node.deleting())) {
            queue.add(node.uid());
        }
        if (node.orphaningDependents() || node.deletingDependents()) {
            queue.add(node.uid());
        }
        if (ownersChanged || old.get().deleting() != node.deleting()) {
            Set<String> owners = new LinkedHashSet<>();
            node.owners().forEach(r -> owners.add(r.getUid()));
            old.ifPresent(o -> o.owners().forEach(r -> owners.add(r.getUid())));
            wakeWaitingOwners(owners);
        }
    }

    void forget(Node node) {
        graph.remove(node.uid());
        graph.dependentsOf(node.uid()).forEach(d -> queue.add(d.uid()));
        Set<String> owners = new HashSet<>();
        node.owners().forEach(r -> owners.add(r.getUid()));
        wakeWaitingOwners(owners);
    }

    private void wakeWaitingOwners(Set<String> ownerUids) {
        for (String uid : ownerUids) {
            graph.get(uid).filter(o -> o.deletingDependents() || o.orphaningDependents()).ifPresent(o -> queue.add(uid));
        }
    }

    @Override
    public void run() {
        loop.start(Math.max(1, runtime.intSetting("garbagecollector-workers", 4)));
        discovery = new Thread(this::discoverLoop, "garbagecollector-discovery");
        discovery.setDaemon(true);
        discovery.start();
    }

    @Override
    public void stop() {
        stopped = true;
        if (discovery != null) {
            discovery.interrupt();
        }
        if (loop != null) {
            loop.close();
        }
        synchronized (generic) {
            generic.forEach(SharedIndexInformer::close);
            generic.clear();
        }
    }

    private void discoverLoop() {
        while (!stopped) {
            try {
                discoverOthers();
            } catch (RuntimeException e) {
                LOG.debug("garbagecollector: discovery failed: {}", e.toString());
            }
            for (String uid : List.copyOf(unverified)) {
                unverified.remove(uid);
                queue.add(uid);
            }
            try {
                Thread.sleep(1000L * Math.max(1, runtime.intSetting("garbagecollector-discovery-seconds", 30)));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Watches every listable, deletable resource not watched yet (new custom resources). */
    private void discoverOthers() {
        List<String> groupVersions = new ArrayList<>(List.of("v1"));
        var groups = runtime.client().getApiGroups();
        if (groups != null && groups.getGroups() != null) {
            for (APIGroup group : groups.getGroups()) {
                if (!IGNORED_GROUPS.contains(group.getName()) && group.getPreferredVersion() != null) {
                    groupVersions.add(group.getPreferredVersion().getGroupVersion());
                }
            }
        }
        for (String gv : groupVersions) {
            io.fabric8.kubernetes.api.model.APIResourceList list;
            try {
                list = runtime.client().getApiResources(gv);
            } catch (RuntimeException e) {
                LOG.info("garbagecollector: no discovery for {}: {}", gv, e.toString());
                continue;
            }
            if (list == null || list.getResources() == null) {
                continue;
            }
            for (APIResource resource : list.getResources()) {
                if (resource.getName().contains("/") || IGNORED_RESOURCES.contains(resource.getName())
                        || resource.getVerbs() == null
                        || !resource.getVerbs().containsAll(List.of("list", "watch", "delete"))) {
                    continue;
                }
                ResourceDefinitionContext ctx = ResourceDefinitionContext.fromApiResource(gv, resource);
                if (!watched.add(id(ctx))) {
                    continue;
                }
                synchronized (generic) {
                    if (stopped) {
                        return;
                    }
                    var informer = runtime.client().genericKubernetesResources(ctx).inAnyNamespace()
                            .inform(this.<GenericKubernetesResource>handler(gv, resource.getKind()), 0);
                    generic.add(informer);
                    LOG.debug("garbagecollector: watching {}", id(ctx));
                }
            }
        }
    }

    Result reconcile(String uid) {
        Optional<Node> found = graph.get(uid);
        if (found.isEmpty()) {
            return Result.done();
        }
        Node node = found.get();
        if (node.orphaningDependents()) {
            return orphanDependents(node);
        }
        if (node.deletingDependents()) {
            return deleteDependents(node);
        }
        if (node.deleting() || node.owners().isEmpty()) {
            return Result.done();
        }
        Map<String, Verdict.OwnerState> states = new HashMap<>();
        for (OwnerReference ref : node.owners()) {
            states.put(ref.getUid(), stateOf(node, ref));
        }
        Verdict verdict = Verdict.of(node, states, !graph.dependentsOf(uid).isEmpty());
        if (verdict instanceof Verdict.DropReferences drop) {
            List<OwnerReference> keep = node.owners().stream().filter(r -> !drop.ownerUids().contains(r.getUid())).toList();
            patchList(node, "ownerReferences", node.owners(), keep);
        } else if (verdict instanceof Verdict.Delete delete) {
            LOG.debug("garbagecollector: deleting {} ({})", node, delete.propagationPolicy());
            delete(node, delete.propagationPolicy());
        }
        return Result.done();
    }

    /** Un-owns every dependent, then lets the owner go. */
    private Result orphanDependents(Node owner) {
        for (Node dependent : graph.dependentsOf(owner.uid())) {
            List<OwnerReference> keep = dependent.owners().stream().filter(r -> !owner.uid().equals(r.getUid())).toList();
            patchList(dependent, "ownerReferences", dependent.owners(), keep);
        }
        removeFinalizer(owner, Node.ORPHAN);
        return Result.done();
    }

    /** Has the dependents deleted (each decides for itself, seeing its owner waiting); lets the owner go once none blocks it. */
    private Result deleteDependents(Node owner) {
        List<Node> dependents = graph.dependentsOf(owner.uid());
        dependents.stream().filter(d -> !d.deleting()).forEach(d -> queue.add(d.uid()));
        if (Verdict.ownerMayGo(owner.uid(), dependents)) {
            removeFinalizer(owner, Node.FOREGROUND);
        }
        return Result.done();
    }

    /** How an owner stands: from the graph when it is there, else from the API (it may be unwatched or not yet seen). */
    private Verdict.OwnerState stateOf(Node dependent, OwnerReference ref) {
        Optional<Node> owner = graph.get(ref.getUid());
        if (owner.isPresent()) {
            return owner.get().deletingDependents() ? Verdict.OwnerState.WAITING : Verdict.OwnerState.SOLID;
        }
        ResourceDefinitionContext ctx = kinds.resolve(ref.getApiVersion(), ref.getKind())
                .orElseThrow(() -> new IllegalStateException("no resource serves " + ref.getApiVersion() + " " + ref.getKind()));
        if (ctx.isNamespaceScoped() && dependent.namespace() == null) {
            return Verdict.OwnerState.GONE; // a cluster object cannot be owned by a namespaced one
        }
        var ops = runtime.client().genericKubernetesResources(ctx);
        GenericKubernetesResource live = ctx.isNamespaceScoped()
                ? ops.inNamespace(dependent.namespace()).withName(ref.getName()).get()
                : ops.withName(ref.getName()).get();
        if (live == null || !ref.getUid().equals(live.getMetadata().getUid())) {
            return Verdict.OwnerState.GONE;
        }
        unverified.add(dependent.uid());
        return Node.of(live).deletingDependents() ? Verdict.OwnerState.WAITING : Verdict.OwnerState.SOLID;
    }

    private void delete(Node node, String policy) {
        ResourceDefinitionContext ctx = context(node);
        var ops = runtime.client().genericKubernetesResources(ctx);
        var resource = ctx.isNamespaceScoped() ? ops.inNamespace(node.namespace()).withName(node.name())
                : ops.withName(node.name());
        // the graph may be behind: only the object with this uid is meant
        GenericKubernetesResource live = resource.get();
        if (live == null || !node.uid().equals(live.getMetadata().getUid())) {
            return;
        }
        try {
            resource.withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.valueOf(
                    policy.toUpperCase(java.util.Locale.ROOT))).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private void removeFinalizer(Node node, String finalizer) {
        List<String> rest = node.finalizers().stream().filter(f -> !finalizer.equals(f)).toList();
        patchList(node, "finalizers", node.finalizers(), rest);
    }

    /**
     * Replaces a metadata list, on condition that the object still has this uid and the list is as
     * the graph last saw it: a stale graph fails the patch, and the key is retried.
     */
    private void patchList(Node node, String field, List<?> expected, List<?> replacement) {
        var json = runtime.client().getKubernetesSerialization();
        String patch = "[{\"op\":\"test\",\"path\":\"/metadata/uid\",\"value\":" + json.asJson(node.uid()) + "},"
                + "{\"op\":\"test\",\"path\":\"/metadata/" + field + "\",\"value\":" + json.asJson(expected) + "},"
                + (replacement.isEmpty() ? "{\"op\":\"remove\",\"path\":\"/metadata/" + field + "\"}"
                : "{\"op\":\"replace\",\"path\":\"/metadata/" + field + "\",\"value\":" + json.asJson(replacement) + "}")
                + "]";
        ResourceDefinitionContext ctx = context(node);
        var ops = runtime.client().genericKubernetesResources(ctx);
        var resource = ctx.isNamespaceScoped() ? ops.inNamespace(node.namespace()).withName(node.name())
                : ops.withName(node.name());
        try {
            resource.patch(PatchContext.of(PatchType.JSON), patch);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private ResourceDefinitionContext context(Node node) {
        return kinds.resolve(node.apiVersion(), node.kind())
                .orElseThrow(() -> new IllegalStateException("no resource serves " + node.apiVersion() + " " + node.kind()));
    }
}
