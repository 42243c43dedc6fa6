package io.timonel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Pods on different nodes reach each other through routes between the nodes' pod CIDRs. Two
 * {@code bin/timonel agent}s, each in a network namespace of its own ({@link NetnsLab}), join a
 * {@code bin/timonel server} running in the router namespace between them; nodeipam gives each
 * node a /24 of the cluster CIDR, each agent's bridge pod network (CNI, run inside its namespace)
 * wires its Docker sandboxes, and pod-routes in every namespace routes the other node's pod CIDR.
 * Skipped unless root with {@code ip netns} and a Docker daemon.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodePodNetworkIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static NetnsLab lab;
    private static BundleServer server;
    private static Kubectl kubectl;
    private static final List<Agent> agents = new ArrayList<>();

    /** One joined node: its agent process, run inside its namespace, and its data directory. */
    private record Agent(String node, String netns, Path dir, Process process) {
        String log() {
            try {
                return Files.readString(dir.resolve("agent.log"));
            } catch (java.io.IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }
    }

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(NetnsLab.possible(), "needs root and ip netns");
        assumeTrue(Files.exists(Path.of("/var/run/docker.sock"))
                && NetnsLab.run(List.of("docker", "version", "--format", "{{.Server.Version}}")).ok(),
                "Docker is not answering here");
        assumeTrue(Kubectl.installed(), "no kubectl at " + Kubectl.BINARY);
        BundleImages.ensure();
        lab = NetnsLab.create();
        server = BundleServer.start(List.of(), List.of("--runtime=none", "--bind-address=" + lab.routerAddress,
                "--tls-san=" + lab.routerAddress), NetnsLab.in(lab.router));
        kubectl = new Kubectl(server.kubeconfig());
        agents.add(agent(lab.nodeA, lab.addressA));
        agents.add(agent(lab.nodeB, lab.addressB));
    }

    /** {@code timonel agent} inside the node's namespace, with a CNI conf directory and bridge of its own. */
    private static Agent agent(String netns, String address) throws Exception {
        Path data = server.kubeconfig().getParent();
        Path dir = Files.createTempDirectory("timonel-" + netns);
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, "controllers:\n  node-agent:\n"
                + "    cniConfDir: " + dir.resolve("cni-conf") + "\n"
                + "    cniBridge: " + netns + "-br\n");
        List<String> command = new ArrayList<>(NetnsLab.in(netns));
        command.addAll(List.of(BundleServer.BUNDLE.resolve("bin/timonel").toString(), "agent",
                "--server", "https://" + lab.routerAddress + ":" + server.port(),
                "--ca-file", data.resolve("pki/ca.crt").toString(), "--token-file", data.resolve("node-token").toString(),
                "--node-name", netns, "--runtime=docker", "--address", address, "--kubelet-port", "0",
                "--data-dir", dir.resolve("state").toString(), "--config", config.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile()).start();
        return new Agent(netns, netns, dir, process);
    }

    @AfterAll
    static void stop() throws Exception {
        if (kubectl != null) {
            kubectl.run("delete", "service", "web", "--ignore-not-found", "--wait=false");
            // a stopped agent confirms no deletion: what its pods leave, node reset removes below
            kubectl.run("delete", "pod", "web", "--ignore-not-found", "--wait=false");
            kubectl.run("delete", "pod", "client", "--ignore-not-found", "--wait=true", "--timeout=30s");
        }
        for (Agent a : agents) {
            a.process().destroy();
            if (!a.process().waitFor(20, TimeUnit.SECONDS)) {
                a.process().destroyForcibly().waitFor();
            }
        }
        if (server != null) {
            server.close();
        }
        for (Agent a : agents) {
            // what the agent left in Docker (and the pod networks of those sandboxes), from inside its namespace
            NetnsLab.run(reset(a));
            try (var files = Files.walk(a.dir())) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void podsOnDifferentNodesReachEachOtherThroughTheirPodCidrs() throws Exception {
        for (Agent a : agents) {
            await("Ready node " + a.node(), () -> "True".equals(kubectl.run("get", "node", a.node(), "-o",
                    "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").out().trim()));
        }
        String cidrA = podCidr(lab.nodeA);
        String cidrB = podCidr(lab.nodeB);
        assertTrue(cidrA.startsWith("10.42.") && cidrB.startsWith("10.42."), cidrA + " " + cidrB);
        assertNotEquals(cidrA, cidrB, "each node has a pod CIDR of its own");

        apply(pod("web", lab.nodeA, "mkdir -p /www && echo served-by-pod-on-a > /www/index.html "
                + "&& exec httpd -f -p 8080 -h /www"));
        apply(pod("client", lab.nodeB, "exec sleep 3600"));
        String webIp = runningPodIp("web");
        String clientIp = runningPodIp("client");
        assertTrue(webIp.startsWith(prefix(cidrA)), "web's IP " + webIp + " is in node A's " + cidrA);
        assertTrue(clientIp.startsWith(prefix(cidrB)), "client's IP " + clientIp + " is in node B's " + cidrB);

        Kubectl.Result[] last = new Kubectl.Result[1];
        await("the web pod on node A answering the client on node B at " + webIp, () -> {
            last[0] = kubectl.run("exec", "client", "--", "timeout", "5", "wget", "-q", "-O", "-",
                    "http://" + webIp + ":8080/index.html");
            return last[0].ok();
        }, () -> "last attempt: " + last[0] + "\nrouter: " + NetnsLab.exec(lab.router, "ip", "route").output()
                + "\nnode B: " + NetnsLab.exec(lab.nodeB, "ip", "route").output());
        assertEquals("served-by-pod-on-a", last[0].out().trim());
    }

    @Test
    @Order(2)
    void aClusterIpServiceReachesItsPodOnAnotherNode() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("..", "plugin-net-iptables", "src", "main", "java", "io", "timonel",
                "plugins", "netiptables", "proxy")), "no service proxy in this build");
        podsOnDifferentNodesReachEachOtherThroughTheirPodCidrs();
        // an address of the service CIDR chosen here, which the API takes as a user's choice with or without an allocator
        String clusterIp = "10.96." + ThreadLocalRandom.current().nextInt(1, 255) + "."
                + ThreadLocalRandom.current().nextInt(1, 255);
        apply("""
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  clusterIP: %s
                  selector: {app: web}
                  ports: [{name: http, port: 80, targetPort: 8080}]
                """.formatted(clusterIp));
        assertEquals(clusterIp, kubectl.run("get", "service", "web", "-o", "jsonpath={.spec.clusterIP}").out().trim());
        Kubectl.Result[] last = new Kubectl.Result[1];
        await("the Service " + clusterIp + " answering the client on node B", () -> {
            last[0] = kubectl.run("exec", "client", "--", "timeout", "5", "wget", "-q", "-O", "-",
                    "http://" + clusterIp + "/index.html");
            return last[0].ok();
        }, () -> "last attempt: " + last[0] + "\nnode B's nat table:\n"
                + NetnsLab.exec(lab.nodeB, "iptables-save", "-t", "nat").output());
        assertEquals("served-by-pod-on-a", last[0].out().trim());
    }

    /**
     * After the agent stopped for good, {@code timonel node reset --data-dir} removes its sandboxes
     * and gives their addresses back to the pod network (CNI DEL with the agent's records).
     */
    @Test
    @Order(3)
    void nodeResetReleasesThePodAddressesOfTheSandboxesItRemoves() throws Exception {
        for (Agent a : agents) {
            await("Ready node " + a.node(), () -> "True".equals(kubectl.run("get", "node", a.node(), "-o",
                    "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").out().trim()));
        }
        apply(pod("web", lab.nodeA, "mkdir -p /www && echo served-by-pod-on-a > /www/index.html "
                + "&& exec httpd -f -p 8080 -h /www"));
        String webIp = runningPodIp("web");
        Agent a = agents.get(0);
        Path lease = a.dir().resolve("state/node-agent/cni/ipam/timonel").resolve(webIp);
        assertTrue(Files.exists(lease), "host-local holds " + webIp + " for the web pod at " + lease);

        a.process().destroy();
        assertTrue(a.process().waitFor(30, TimeUnit.SECONDS), "agent A stopped");
        NetnsLab.Result reset = NetnsLab.run(reset(a));
        assertTrue(reset.ok(), reset.output());
        assertTrue(reset.output().contains("removed 1 pod sandboxes"), reset.output());
        assertTrue(!Files.exists(lease), "the address " + webIp + " is free again: " + reset.output());
        assertEquals("", NetnsLab.run(List.of("docker", "ps", "-aq", "--filter", "label=io.timonel.node=" + a.node()))
                .output().trim(), "no container of node A is left");
    }

    /** {@code timonel node reset} for an agent's node, run inside its namespace with its settings and data. */
    private static List<String> reset(Agent a) {
        List<String> reset = new ArrayList<>(NetnsLab.in(a.netns()));
        reset.addAll(List.of(BundleServer.BUNDLE.resolve("bin/timonel").toString(), "node", "reset",
                "--runtime=docker", "--node-name", a.node(), "--data-dir", a.dir().resolve("state").toString(),
                "--config", a.dir().resolve("agent.yaml").toString()));
        return reset;
    }

    private static String pod(String name, String node, String script) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, labels: {app: %s}}
                spec:
                  nodeName: %s
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: main
                    image: busybox:local
                    imagePullPolicy: Never
                    command: [sh, -c, "%s"]
                """.formatted(name, name, node, script);
    }

    private static void apply(String manifest) {
        Kubectl.Result r = kubectl.runWithInput(manifest, "apply", "-f", "-");
        assertTrue(r.ok(), r.toString());
    }

    private static String podCidr(String node) throws Exception {
        String[] cidr = new String[1];
        await("a pod CIDR for " + node, () -> {
            cidr[0] = kubectl.run("get", "node", node, "-o", "jsonpath={.spec.podCIDR}").out().trim();
            return !cidr[0].isEmpty();
        });
        return cidr[0];
    }

    private static String runningPodIp(String name) throws Exception {
        String[] ip = new String[1];
        await("pod " + name + " Running with an IP", () -> {
            String out = kubectl.run("get", "pod", name, "-o", "jsonpath={.status.phase} {.status.podIP}").out().trim();
            ip[0] = out.startsWith("Running ") ? out.substring("Running ".length()).trim() : "";
            return !ip[0].isEmpty();
        }, () -> kubectl.run("describe", "pod", name).out());
        return ip[0];
    }

    /** {@code 10.42.1.} of {@code 10.42.1.0/24}: the nodes' ranges are /24s. */
    private static String prefix(String cidr) {
        String network = cidr.substring(0, cidr.indexOf('/'));
        return network.substring(0, network.lastIndexOf('.') + 1);
    }

    private static void await(String what, java.util.function.BooleanSupplier condition)
            throws Exception {
        await(what, condition, () -> "");
    }

    private static void await(String what, java.util.function.BooleanSupplier condition,
                              Supplier<String> diagnosis) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline || agents.stream().anyMatch(a -> !a.process().isAlive())) {
                StringBuilder logs = new StringBuilder();
                for (Agent a : agents) {
                    logs.append("\n--- agent ").append(a.node()).append(a.process().isAlive() ? "" : " (exited)")
                            .append(":\n").append(tail(a.log()));
                }
                throw new AssertionError("no " + what + "; " + diagnosis.get() + logs + "\n--- server:\n"
                        + tail(server.log()));
            }
            Thread.sleep(500);
        }
    }

    private static String tail(String log) {
        return log.length() <= 6000 ? log : log.substring(log.length() - 6000);
    }
}
