package io.timonel.plugins.simnodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.timonel.spi.controller.Controller;
import io.timonel.spi.controller.ControllerContext;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code count} simulated nodes in this process, as KWOK does, through the API like any
 * client: registers (or adopts) their Node objects, renews each node's Lease every
 * {@code heartbeat} and reports its conditions every {@code statusReport}, spread evenly over the
 * period; makes pods bound to them Running with plausible status and IPs; ends Job pods after
 * {@code jobPodDuration}; finishes the deletion of their pods as a kubelet would. A Node annotated
 * {@code sim.timonel.io/stopped=true} goes silent until the annotation is removed.
 *
 * <p>Scale comes from three choices: one pod informer and one node informer for all nodes (no
 * per-node watch or thread), one 100 ms ticker that serves the slice of nodes due, and writes sent
 * asynchronously with bounded concurrency as small merge patches ({@link ApiWriter}).
 */
@Extension
public final class SimulatedNodes implements Controller {
    static final String NAME = "simulated-nodes";
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedNodes.class);
    private static final Duration TICK = Duration.ofMillis(100);
    private static final String LEASES = "/apis/coordination.k8s.io/v1/namespaces/" + NodeManifests.LEASE_NAMESPACE
            + "/leases";
    private static final String NODES = "/api/v1/nodes";
    private static final String BY_NODE = "nodeName";
    /** Every 60 s: how often the write statistics are logged. */
    private static final long STATS_TICKS = 600;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ControllerContext context;
    private SimulationSettings settings;
    private KubernetesClient client;
    private ApiWriter writer;
    private SimNode[] nodes;
    private final Map<String, SimNode> byName = new HashMap<>();
    private SharedIndexInformer<Node> nodeInformer;
    private SharedIndexInformer<Pod> podInformer;
    private volatile boolean podsSynced;
    private volatile boolean stopping;
    private ScheduledFuture<?> ticker;
    private long tick;
    private Spread heartbeats;
    private Spread reports;

    /** Per pod uid, the IP it was given. */
    private final Map<String, String> podIps = new ConcurrentHashMap<>();
    /** Pods this process made (or is making) Running. */
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    /** Per pod uid, the restart count whose exit is scheduled. */
    private final Map<String, Integer> exits = new ConcurrentHashMap<>();
    /** Per pod uid, when its containers last started here (finer than the status' seconds). */
    private final Map<String, Instant> runningSince = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(ControllerContext context) {
        // a leader that lost and regained the lease starts again from nothing
        stopping = false;
        byName.clear();
        this.context = context;
        this.settings = SimulationSettings.from(context.config());
        if (settings.count() == 0) {
            LOG.info("no simulated nodes asked for (controllers.{}.count)", NAME);
            return;
        }
        if (settings.count() > NodeNetwork.MAX_NODES) {
            throw new IllegalArgumentException("at most " + NodeNetwork.MAX_NODES + " simulated nodes, not "
                    + settings.count());
        }
        nodes = new SimNode[settings.count()];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = new SimNode(settings.prefix() + i, i);
            byName.put(nodes[i].name, nodes[i]);
        }
        heartbeats = new Spread(nodes.length, slots(settings.heartbeat()));
        reports = new Spread(nodes.length, slots(settings.statusReport()));
        Config config = Config.fromKubeconfig(context.api().kubeconfig());
        config.setMaxConcurrentRequests(Math.max(64, settings.maxInFlight() * 2));
        config.setMaxConcurrentRequestsPerHost(Math.max(64, settings.maxInFlight() * 2));
        client = new KubernetesClientBuilder().withConfig(config).build();
        String base = client.getMasterUrl().toString().replaceAll("/+$", "");
        HttpClient http = client.getHttpClient();
        writer = new ApiWriter(write -> send(http, base, write), settings.maxInFlight());

        nodeInformer = client.nodes().withLabel(NodeManifests.TYPE_LABEL, NodeManifests.TYPE_VALUE)
                .runnableInformer(0);
        nodeInformer.addEventHandler(new NodeEvents());
        nodeInformer.start().whenComplete((ok, error) -> {
            if (error != null) {
                LOG.error("cannot watch nodes; simulated nodes do not start", error);
            } else {
                context.executor().execute(this::registerAll);
            }
        });
    }

    @Override
    public void stop() {
        stopping = true;
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (writer != null) {
            writer.close();
        }
        if (podInformer != null) {
            podInformer.close();
        }
        if (nodeInformer != null) {
            nodeInformer.close();
        }
        if (client != null) {
            client.close();
        }
    }

    // ---- nodes -----------------------------------------------------------------------------------

    /** Adopts the nodes that exist, registers the others, then starts pods and heartbeats. */
    private void registerAll() {
        int adopted = 0;
        for (SimNode n : nodes) {
            Node existing = nodeInformer.getStore().getByKey(n.name);
            if (existing != null) {
                adopt(n, existing);
                adopted++;
            } else {
                register(n);
            }
        }
        int removed = removeSurplus();
        LOG.info("{} simulated nodes: {} adopted, {} being registered, {} beyond the count removed", nodes.length,
                adopted, nodes.length - adopted, removed);
        podInformer = client.pods().inAnyNamespace().runnableInformer(0);
        podInformer.addIndexers(Map.of(BY_NODE, pod -> {
            String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            return node == null || node.isEmpty() ? List.of() : List.of(node);
        }));
        podInformer.addEventHandler(new PodEvents());
        podInformer.start().whenComplete((ok, error) -> {
            if (error != null) {
                LOG.error("cannot watch pods; simulated nodes will not run pods", error);
                return;
            }
            podsSynced = true;
            podInformer.getStore().list().forEach(this::syncPod);
        });
        ticker = context.executor().scheduleAtFixedRate(this::tick, TICK.toMillis(), TICK.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Deletes the simulated nodes an earlier run registered beyond today's count (same prefix, a
     * higher index), with their Leases; their pods are left to the pod garbage collector, as when
     * any node goes away.
     */
    private int removeSurplus() {
        int removed = 0;
        for (Node node : nodeInformer.getStore().list()) {
            String name = node.getMetadata().getName();
            if (byName.containsKey(name) || !name.startsWith(settings.prefix())) {
                continue;
            }
            String suffix = name.substring(settings.prefix().length());
            if (suffix.isEmpty() || !suffix.chars().allMatch(Character::isDigit) || suffix.length() > 9) {
                continue; // not one of ours: ours are the prefix and an index
            }
            String uid = node.getMetadata().getUid();
            String preconditions = "{\"apiVersion\":\"v1\",\"kind\":\"DeleteOptions\",\"preconditions\":{\"uid\":\""
                    + uid + "\"}}";
            writer.submit("node/" + name, ApiWrite.delete(NODES + "/" + name, preconditions, null));
            writer.submit("lease/" + name, ApiWrite.delete(LEASES + "/" + name,
                    "{\"apiVersion\":\"v1\",\"kind\":\"DeleteOptions\"}", null));
            removed++;
        }
        return removed;
    }

    private void adopt(SimNode n, Node existing) {
        n.uid = existing.getMetadata().getUid();
        n.stopped = stopped(existing);
        n.registered = true;
        if (!n.stopped) {
            createLease(n); // it is there already, most likely: a conflict says so, and renewals go on
            report(n);
        }
    }

    private void register(SimNode n) {
        String body = NodeManifests.node(n.name, n.index, settings, now()).toString();
        writer.submit("node/" + n.name, ApiWrite.post(NODES, body, outcome -> {
            if (outcome.ok()) {
                n.uid = uid(outcome.body());
                n.registered = true;
                createLease(n);
            } else if (outcome.code() == 409) { // registered meanwhile (by an earlier run): adopt it
                n.registered = true;
                createLease(n);
                report(n);
            } else if (!stopping) {
                LOG.warn("registering node {} failed ({}); retrying", n.name, outcome.code());
                context.executor().schedule(() -> register(n), 2, TimeUnit.SECONDS);
            }
        }));
    }

    /** One tick: renews the Leases and reports the status of the nodes whose turn it is. */
    private void tick() {
        try {
            long t = tick++;
            if (t % STATS_TICKS == 0 && t > 0) {
                logStats();
            }
            for (int i = heartbeats.from(t), to = heartbeats.to(t); i < to; i++) {
                if (nodes[i].live()) {
                    renew(nodes[i]);
                }
            }
            for (int i = reports.from(t), to = reports.to(t); i < to; i++) {
                if (nodes[i].live()) {
                    report(nodes[i]);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("simulated node tick failed", e);
        }
    }

    private long lastSent;
    private long lastLatency;

    /** Throughput and latency of the writes since the last time, for whoever sizes a simulation. */
    private void logStats() {
        long sent = writer.sent();
        long latency = writer.latencyNanos();
        long n = sent - lastSent;
        LOG.info("simulated nodes: {} writes/s, mean latency {} ms, {} failed so far, backlog {}",
                n * 1000 / (STATS_TICKS * TICK.toMillis()), n == 0 ? 0 : (latency - lastLatency) / n / 1_000_000,
                writer.failed(), writer.backlog());
        lastSent = sent;
        lastLatency = latency;
    }

    private void renew(SimNode n) {
        if (!n.leased) {
            return; // its creation is under way
        }
        writer.submit("lease/" + n.name, ApiWrite.mergePatch(LEASES + "/" + n.name,
                NodeManifests.renewPatch(n.name, now()), outcome -> {
                    if (outcome.code() == 404) {
                        n.leased = false;
                        createLease(n);
                    }
                }));
    }

    private void createLease(SimNode n) {
        String body = NodeManifests.lease(n.name, n.uid, now()).toString();
        writer.submit("lease/" + n.name, ApiWrite.post(LEASES, body, outcome -> {
            if (outcome.ok() || outcome.code() == 409) {
                n.leased = true;
            }
        }));
    }

    /** Reports the node healthy, keeping transition times of conditions that do not change. */
    private void report(SimNode n) {
        Node current = nodeInformer.getStore().getByKey(n.name);
        List<NodeCondition> previous = current == null || current.getStatus() == null ? List.of()
                : current.getStatus().getConditions();
        String patch = NodeManifests.statusPatch(NodeManifests.conditions(previous, now())).toString();
        writer.submit("node/" + n.name, ApiWrite.mergePatch(NODES + "/" + n.name + "/status", patch, outcome -> {
            if (outcome.code() == 404 && !stopping) { // deleted: a kubelet registers its node again
                n.registered = false;
                register(n);
            }
        }));
    }

    private static boolean stopped(Node node) {
        Map<String, String> annotations = node.getMetadata().getAnnotations();
        return annotations != null && "true".equalsIgnoreCase(annotations.get(NodeManifests.STOPPED_ANNOTATION));
    }

    private final class NodeEvents implements ResourceEventHandler<Node> {
        @Override
        public void onAdd(Node node) {
            onUpdate(null, node);
        }

        @Override
        public void onUpdate(Node old, Node node) {
            SimNode n = byName.get(node.getMetadata().getName());
            if (n == null) {
                return;
            }
            n.uid = node.getMetadata().getUid();
            boolean wasStopped = n.stopped;
            n.stopped = stopped(node);
            if (wasStopped && !n.stopped && n.registered) {
                LOG.info("simulated node {} resumes", n.name);
                renew(n);
                report(n);
                if (podsSynced) {
                    podInformer.getIndexer().byIndex(BY_NODE, n.name).forEach(SimulatedNodes.this::syncPod);
                }
            } else if (!wasStopped && n.stopped) {
                LOG.info("simulated node {} stopped", n.name);
            } else if (n.live() && node.getStatus() != null
                    && !NodeManifests.healthy(node.getStatus().getConditions())) {
                report(n); // someone (the node lifecycle controller) thinks it unwell: say otherwise now
            }
        }

        @Override
        public void onDelete(Node node, boolean finalStateUnknown) {
            SimNode n = byName.get(node.getMetadata().getName());
            if (n != null && n.registered && !stopping) {
                n.registered = false;
                n.leased = false;
                n.stopped = false;
                register(n);
            }
        }
    }

    // ---- pods ------------------------------------------------------------------------------------

    /** Level-based: brings one pod bound to a simulated node one step towards what a kubelet would make of it. */
    private void syncPod(Pod pod) {
        String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        SimNode n = nodeName == null ? null : byName.get(nodeName);
        if (n == null) {
            return;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        boolean finished = "Succeeded".equals(phase) || "Failed".equals(phase);
        if (!podsSynced) { // the initial list: only learn which addresses are taken
            if (!finished) {
                reserve(n, pod);
            }
            return;
        }
        if (n.stopped || !n.registered) {
            return;
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            delete(pod);
        } else if (finished) {
            release(n, pod.getMetadata().getUid());
        } else if ("Running".equals(phase) && pod.getStatus().getPodIP() != null) {
            reserve(n, pod);
            scheduleExit(pod);
        } else {
            startPod(n, pod);
        }
    }

    private void startPod(SimNode n, Pod pod) {
        String uid = pod.getMetadata().getUid();
        if (!started.add(uid)) {
            return;
        }
        String ip = podIps.computeIfAbsent(uid, k -> n.addresses.allocate().orElse(null));
        if (ip == null) {
            started.remove(uid);
            LOG.warn("node {} has no pod address left for {}/{}", n.name, pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName());
            return;
        }
        String key = key(pod);
        if (settings.startDelay().isZero()) {
            writeRunning(n, key, uid, ip);
        } else {
            context.executor().schedule(() -> writeRunning(n, key, uid, ip), settings.startDelay().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void writeRunning(SimNode n, String key, String uid, String ip) {
        Pod pod = podInformer.getStore().getByKey(key);
        if (pod == null || !uid.equals(pod.getMetadata().getUid()) || n.stopped) {
            started.remove(uid);
            return;
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            delete(pod);
            return;
        }
        Instant now = now();
        runningSince.put(uid, now);
        String patch = PodStatuses.running(pod, ip, n.internalIp, now).toString();
        writer.submitUrgent("pod/" + uid, ApiWrite.mergePatch(podPath(pod) + "/status", patch, outcome -> {
            if (!outcome.ok() && outcome.code() != 404 && !stopping) { // try again from the latest state
                started.remove(uid);
                context.executor().schedule(() -> resync(key), 1, TimeUnit.SECONDS);
            }
        }));
    }

    /** Schedules the end of a running pod's containers, when it has one, once per restart. */
    private void scheduleExit(Pod pod) {
        Optional<PodExit> exit = PodExit.of(pod);
        if (exit.isEmpty()) {
            return;
        }
        String uid = pod.getMetadata().getUid();
        int restarts = PodStatuses.restarts(pod);
        Integer before = exits.put(uid, restarts);
        if (before != null && before == restarts) {
            return;
        }
        Instant since = runningSince.get(uid);
        if (since == null) {
            since = Optional.ofNullable(PodStatuses.runningSince(pod)).orElse(now());
        }
        long delay = Math.max(0, Duration.between(now(), since.plus(settings.jobPodDuration())).toMillis());
        String key = key(pod);
        context.executor().schedule(() -> exit(key, uid, restarts, exit.get()), delay, TimeUnit.MILLISECONDS);
    }

    private void exit(String key, String uid, int restarts, PodExit exit) {
        Pod pod = podInformer.getStore().getByKey(key);
        if (pod == null || !uid.equals(pod.getMetadata().getUid()) || pod.getStatus() == null
                || !"Running".equals(pod.getStatus().getPhase()) || PodStatuses.restarts(pod) != restarts) {
            return;
        }
        SimNode n = byName.get(pod.getSpec().getNodeName());
        if (n == null || n.stopped) {
            exits.remove(uid); // scheduled again when the node resumes
            return;
        }
        Instant now = now();
        Optional<String> phase = exit.terminalPhase(pod.getSpec().getRestartPolicy());
        String patch;
        if (phase.isPresent()) {
            patch = PodStatuses.terminated(pod, exit, phase.get(), now).toString();
        } else {
            runningSince.put(uid, now);
            patch = PodStatuses.restarted(pod, exit, now).toString();
        }
        writer.submitUrgent("pod/" + uid, ApiWrite.mergePatch(podPath(pod) + "/status", patch, outcome -> {
            if (!outcome.ok() && outcome.code() != 404 && !stopping) {
                exits.remove(uid);
                context.executor().schedule(() -> resync(key), 1, TimeUnit.SECONDS);
            }
        }));
    }

    /** Finishes a graceful deletion at once: the simulated containers stop instantly. */
    private void delete(Pod pod) {
        String uid = pod.getMetadata().getUid();
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"DeleteOptions\",\"gracePeriodSeconds\":0,"
                + "\"preconditions\":{\"uid\":\"" + uid + "\"}}";
        writer.submitUrgent("pod/" + uid, ApiWrite.delete(podPath(pod), body, null));
    }

    private void resync(String key) {
        Pod pod = podInformer.getStore().getByKey(key);
        if (pod != null) {
            syncPod(pod);
        }
    }

    private void reserve(SimNode n, Pod pod) {
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        if (ip != null && podIps.putIfAbsent(pod.getMetadata().getUid(), ip) == null) {
            n.addresses.reserve(ip);
        }
    }

    private void release(SimNode n, String uid) {
        String ip = podIps.remove(uid);
        if (ip != null) {
            n.addresses.release(ip);
        }
    }

    private void forget(Pod pod) {
        String uid = pod.getMetadata().getUid();
        SimNode n = pod.getSpec() == null ? null : byName.get(pod.getSpec().getNodeName());
        if (n != null) {
            release(n, uid);
        }
        started.remove(uid);
        exits.remove(uid);
        runningSince.remove(uid);
    }

    private final class PodEvents implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            syncPod(pod);
        }

        @Override
        public void onUpdate(Pod old, Pod pod) {
            syncPod(pod);
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            forget(pod);
        }
    }

    // ---- plumbing --------------------------------------------------------------------------------

    private Instant now() {
        return context.clock().instant();
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    private static String podPath(Pod pod) {
        return "/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/" + pod.getMetadata().getName();
    }

    private static int slots(Duration period) {
        return (int) Math.max(1, period.toMillis() / TICK.toMillis());
    }

    private static String uid(String body) {
        try {
            JsonNode uid = MAPPER.readTree(body).path("metadata").path("uid");
            return uid.isTextual() ? uid.asText() : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static CompletableFuture<ApiWrite.Outcome> send(HttpClient http, String base, ApiWrite write) {
        var request = http.newHttpRequestBuilder().uri(base + write.path())
                .method(write.method(), write.contentType(), write.body() == null ? "" : write.body())
                .timeout(30, TimeUnit.SECONDS).build();
        return http.sendAsync(request, String.class)
                .thenApply(r -> new ApiWrite.Outcome(r.code(), r.body() == null ? "" : r.body()));
    }
}
