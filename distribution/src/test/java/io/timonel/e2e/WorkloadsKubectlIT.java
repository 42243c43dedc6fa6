package io.timonel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Workload controllers driven by the real kubectl on three simulated nodes, with the scheduler:
 * rollouts, history, undo, pause/resume, restart and scale of Deployments, and StatefulSet and
 * DaemonSet rollouts and undo, as an operator runs them.
 */
class WorkloadsKubectlIT {
    private static BundleServer server;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Kubectl.installed(), "kubectl v1.33 is not installed");
        server = BundleServer.start(List.of(), List.of("--simulated-nodes=3"));
        kubectl = new Kubectl(server.kubeconfig());
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (kubectl.run("get", "nodes", "--no-headers").out().lines().filter(l -> l.contains(" Ready ")).count() < 3) {
            assertTrue(System.nanoTime() < deadline, "3 Ready simulated nodes");
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static String ok(String... args) {
        Kubectl.Result r = kubectl.run(args);
        assertTrue(r.ok(), () -> "kubectl " + String.join(" ", args) + " failed: " + r.err() + r.out());
        return r.out();
    }

    @Test
    void deploymentRollsOutRollsBackPausesAndRestarts() {
        ok("create", "deployment", "web", "--image=nginx:1", "--replicas=3");
        assertTrue(ok("rollout", "status", "deploy/web", "--timeout=60s").contains("successfully rolled out"));

        ok("set", "image", "deploy/web", "nginx=nginx:2");
        assertTrue(ok("rollout", "status", "deploy/web", "--timeout=60s").contains("successfully rolled out"));
        String history = ok("rollout", "history", "deploy/web");
        assertTrue(history.contains("1 ") && history.contains("2 "), history);

        ok("rollout", "undo", "deploy/web");
        assertTrue(ok("rollout", "status", "deploy/web", "--timeout=60s").contains("successfully rolled out"));
        assertEquals("nginx:1", ok("get", "deploy/web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"));
        assertEquals(2, ok("get", "rs", "-o", "name").lines().count(), "undo reuses revision 1's ReplicaSet");
        assertEquals("3", ok("get", "deploy/web", "-o",
                "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}"));

        ok("rollout", "pause", "deploy/web");
        ok("set", "image", "deploy/web", "nginx=nginx:3");
        ok("scale", "deploy/web", "--replicas=4");
        ok("wait", "--for=jsonpath={.status.readyReplicas}=4", "deploy/web", "--timeout=60s");
        assertEquals(2, ok("get", "rs", "-o", "name").lines().count(), "no new ReplicaSet while paused");
        ok("rollout", "resume", "deploy/web");
        assertTrue(ok("rollout", "status", "deploy/web", "--timeout=60s").contains("successfully rolled out"));

        ok("rollout", "restart", "deploy/web");
        assertTrue(ok("rollout", "status", "deploy/web", "--timeout=60s").contains("successfully rolled out"));
        assertEquals(4, ok("get", "rs", "-o", "name").lines().count());
        assertTrue(ok("describe", "deploy/web").contains("Scaled up replica set web-"));
    }

    @Test
    void statefulSetAndDaemonSetRollOut() {
        ok("create", "namespace", "infra");
        Kubectl.Result applied = kubectl.runWithInput("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db, namespace: infra}
                spec:
                  replicas: 2
                  serviceName: db
                  selector: {matchLabels: {app: db}}
                  template:
                    metadata: {labels: {app: db}}
                    spec: {containers: [{name: db, image: "db:1"}]}
                ---
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: agent, namespace: infra}
                spec:
                  selector: {matchLabels: {app: agent}}
                  template:
                    metadata: {labels: {app: agent}}
                    spec: {containers: [{name: agent, image: "agent:1"}]}
                """, "apply", "-f", "-");
        assertTrue(applied.ok(), applied.err());
        assertTrue(ok("-n", "infra", "rollout", "status", "sts/db", "--timeout=60s").contains("complete"));
        assertTrue(ok("-n", "infra", "rollout", "status", "ds/agent", "--timeout=60s").contains("successfully rolled out"));

        ok("-n", "infra", "set", "image", "ds/agent", "agent=agent:2");
        assertTrue(ok("-n", "infra", "rollout", "status", "ds/agent", "--timeout=60s").contains("successfully rolled out"));
        ok("-n", "infra", "rollout", "undo", "ds/agent");
        assertTrue(ok("-n", "infra", "rollout", "status", "ds/agent", "--timeout=60s").contains("successfully rolled out"));
        assertEquals("agent:1", ok("-n", "infra", "get", "ds/agent", "-o",
                "jsonpath={.spec.template.spec.containers[0].image}"));
        assertEquals("3", ok("-n", "infra", "get", "ds/agent", "-o", "jsonpath={.status.numberAvailable}"));
        assertEquals(3, ok("-n", "infra", "get", "pods", "-l", "app=agent", "-o",
                "jsonpath={range .items[*]}{.spec.nodeName}{\"\\n\"}{end}").lines().distinct().count(), "one per node");
    }
}
