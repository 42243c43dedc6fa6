package io.timonel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundle's server with three simulated nodes, driven by kubectl and fabric8 as a user would:
 * scheduling failures explained, node failure handled, drains within disruption budgets, jobs
 * completed (rollouts are in
 * {@link WorkloadsKubectlIT}). Heartbeats and the node grace period are short so that node
 * failure shows within seconds.
 */
class SimulatedClusterIT {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static BundleServer server;
    private static Kubectl kubectl;
    private static KubernetesClient client;
    private static Path config;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Kubectl.installed(), "kubectl v1.33 is not installed");
        config = Files.createTempFile("timonel-simulated", ".yaml");
        Files.writeString(config, """
                controllers:
                  simulated-nodes: {heartbeat: "1s", statusReport: "2s", jobPodDuration: "1s"}
                  controller-manager: {node-monitor-grace-period: "5s", node-monitor-period: "1s"}
                """);
        server = BundleServer.start(List.of(), List.of("--simulated-nodes=3", "--config", config.toString()));
        kubectl = new Kubectl(server.kubeconfig());
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(server.kubeconfig()))).build();
        await("3 Ready nodes", () -> ok("get", "nodes", "--no-headers").out().lines()
                .filter(l -> l.split("\\s+")[1].equals("Ready")).count() == 3);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (config != null) {
            Files.deleteIfExists(config);
        }
    }

    private static Kubectl.Result ok(String... args) {
        Kubectl.Result r = kubectl.run(args);
        assertEquals(0, r.code(), () -> "kubectl " + String.join(" ", args) + ": " + r.err() + r.out());
        return r;
    }

    private static void await(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + LIMIT + " waiting for " + what + "\n"
                        + kubectl.run("get", "all,nodes,events", "-A").out());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static List<String> lines(String out) {
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void anUnschedulablePodSaysWhyInItsEvents() {
        ok("create", "namespace", "sim-unschedulable");
        Kubectl.Result created = kubectl.runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata: {name: huge, namespace: sim-unschedulable}
                spec:
                  containers:
                  - name: main
                    image: busybox:local
                    resources: {requests: {cpu: "100"}}
                """, "apply", "-f", "-");
        assertEquals(0, created.code(), created.err());
        await("a FailedScheduling event", () -> kubectl.run("-n", "sim-unschedulable", "get", "events",
                "--field-selector", "reason=FailedScheduling", "-o", "name").out().contains("event"));
        Kubectl.Result described = ok("-n", "sim-unschedulable", "describe", "pod", "huge");
        assertTrue(described.out().contains("0/3 nodes are available: 3 Insufficient cpu"), described.out());
        assertEquals("False", ok("-n", "sim-unschedulable", "get", "pod", "huge", "-o",
                "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].status}").out());
    }

    @Test
    void aStoppedNodesPodsAreEvictedAndReplacedOnTheOthers() {
        ok("create", "namespace", "sim-failure");
        Kubectl.Result applied = kubectl.runWithInput("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: sturdy, namespace: sim-failure}
                spec:
                  replicas: 6
                  selector: {matchLabels: {app: sturdy}}
                  template:
                    metadata: {labels: {app: sturdy}}
                    spec:
                      tolerations:
                      - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
                      - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
                      containers:
                      - {name: main, image: busybox:local, command: [sleep, "3600"]}
                """, "apply", "-f", "-");
        assertEquals(0, applied.code(), applied.err());
        ok("-n", "sim-failure", "rollout", "status", "deployment/sturdy", "--timeout=60s");
        String victim = "sim-node-1";

        ok("annotate", "node", victim, "sim.timonel.io/stopped=true");
        try {
            await("node " + victim + " NotReady", () -> ok("get", "node", victim, "--no-headers").out()
                    .contains("NotReady"));
            Kubectl.Result taints = ok("get", "node", victim, "-o", "jsonpath={.spec.taints[*].key}");
            assertTrue(taints.out().contains("node.kubernetes.io/unreachable"), taints.out());
            // pods on the lost node are marked for deletion (they stay Terminating while the node is away)
            await("6 live Running pods, none on " + victim, () -> {
                var live = client.pods().inNamespace("sim-failure").withLabel("app", "sturdy").list().getItems()
                        .stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                        .filter(p -> "Running".equals(p.getStatus().getPhase())).toList();
                return live.size() == 6 && live.stream().noneMatch(p -> victim.equals(p.getSpec().getNodeName()));
            });
            Kubectl.Result events = ok("get", "events", "-A", "--field-selector", "reason=TaintManagerEviction");
            assertFalse(events.out().isBlank(), "eviction events");
        } finally {
            ok("annotate", "node", victim, "sim.timonel.io/stopped-");
        }
        await("node " + victim + " Ready again", () -> Arrays.stream(ok("get", "node", victim, "--no-headers")
                .out().split("\\s+")).skip(1).findFirst().orElse("").equals("Ready"));
    }

    @Test
    void drainEvictsPodsOnlyAsTheirDisruptionBudgetAllows() {
        ok("create", "namespace", "sim-drain");
        ok("-n", "sim-drain", "create", "deployment", "steady", "--image=busybox:local", "--replicas=4");
        ok("-n", "sim-drain", "create", "pdb", "steady", "--selector=app=steady", "--min-available=3");
        ok("-n", "sim-drain", "rollout", "status", "deployment/steady", "--timeout=60s");
        await("the budget to allow one disruption", () -> "1".equals(kubectl.run("-n", "sim-drain", "get", "pdb",
                "steady", "-o", "jsonpath={.status.disruptionsAllowed}").out()));
        String node = "sim-node-2";
        try {
            Kubectl.Result drained = ok("drain", node, "--ignore-daemonsets", "--delete-emptydir-data",
                    "--timeout=90s");
            assertTrue(drained.out().contains("node/" + node + " drained"), drained.out() + drained.err());
            var live = client.pods().inNamespace("sim-drain").withLabel("app", "steady").list().getItems().stream()
                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
            assertTrue(live.stream().noneMatch(p -> node.equals(p.getSpec().getNodeName())), live.toString());
            assertTrue(ok("get", "node", node, "--no-headers").out().contains("SchedulingDisabled"));
        } finally {
            ok("uncordon", node);
        }
    }

    @Test
    void aJobCreatedWithFabric8Completes() {
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("sim-jobs").endMetadata().build()).create();
        Job job = new JobBuilder().withNewMetadata().withName("count").endMetadata().withNewSpec()
                .withCompletions(3).withParallelism(2).withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("main").withImage("busybox:local").withCommand("true").endContainer()
                .endSpec().endTemplate().endSpec().build();
        client.batch().v1().jobs().inNamespace("sim-jobs").resource(job).create();

        await("job count Complete", () -> {
            Job current = client.batch().v1().jobs().inNamespace("sim-jobs").withName("count").get();
            return current.getStatus() != null && current.getStatus().getConditions() != null
                    && current.getStatus().getConditions().stream()
                    .anyMatch(c -> c.getType().equals("Complete") && c.getStatus().equals("True"));
        });
        Job done = client.batch().v1().jobs().inNamespace("sim-jobs").withName("count").get();
        assertEquals(3, done.getStatus().getSucceeded());
        assertEquals("3/3", ok("-n", "sim-jobs", "get", "job", "count", "--no-headers").out().split("\\s+")[2]);
    }
}
