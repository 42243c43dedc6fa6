package io.timonel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A second machine joins: {@code bin/timonel agent} with the server's CA and join token registers
 * its node, which then runs the pods bound to it (here on the same machine, with Docker).
 */
class JoinedNodeIT {
    private static final String NODE = "joined-e2e";
    private static BundleServer server;
    private static Process agent;
    private static Path agentDir;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.exists(Path.of("/var/run/docker.sock")), "Docker is not running here");
        BundleImages.ensure();
        server = BundleServer.start(List.of(), List.of("--runtime=none"));
        kubectl = new Kubectl(server.kubeconfig());
        Path data = server.kubeconfig().getParent();
        agentDir = Files.createTempDirectory("timonel-agent-e2e");
        agent = new ProcessBuilder(BundleServer.BUNDLE.resolve("bin/timonel").toString(), "agent",
                "--server", "https://127.0.0.1:" + server.port(), "--ca-file", data.resolve("pki/ca.crt").toString(),
                "--token-file", data.resolve("node-token").toString(), "--node-name", NODE, "--runtime=docker",
                "--address", "127.0.0.1", "--kubelet-port", "0", "--data-dir", agentDir.toString())
                .redirectErrorStream(true).redirectOutput(agentDir.resolve("agent.log").toFile()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kubectl != null) {
            kubectl.run("delete", "pod", "on-joined", "--wait=true", "--timeout=60s");
        }
        if (agent != null) {
            agent.destroy();
            if (!agent.waitFor(20, TimeUnit.SECONDS)) {
                agent.destroyForcibly().waitFor();
            }
        }
        if (server != null) {
            server.close();
        }
        if (agentDir != null) {
            try (var files = Files.walk(agentDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline || !agent.isAlive()) {
                throw new AssertionError("no " + what + "; agent log:\n" + Files.readString(agentDir.resolve("agent.log")));
            }
            Thread.sleep(300);
        }
    }

    @Test
    void theJoinedNodeIsReadyAndRunsItsPods() throws Exception {
        await("Ready node " + NODE, () -> "True".equals(kubectl.run("get", "node", NODE, "-o",
                "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").out().trim()));

        Kubectl.Result run = kubectl.run("run", "on-joined", "--image=busybox:local", "--image-pull-policy=IfNotPresent",
                "--overrides={\"spec\":{\"nodeName\":\"" + NODE + "\"}}", "--", "sh", "-c", "echo joined-ok; sleep 600");
        assertTrue(run.ok(), run.toString());
        await("Running pod on " + NODE, () -> "Running".equals(kubectl.run("get", "pod", "on-joined", "-o",
                "jsonpath={.status.phase}").out().trim()));
        await("its log through the joined node's agent",
                () -> kubectl.run("logs", "on-joined").out().contains("joined-ok"));
        assertEquals("on-joined", kubectl.run("exec", "on-joined", "--", "hostname").out().trim());
    }
}
