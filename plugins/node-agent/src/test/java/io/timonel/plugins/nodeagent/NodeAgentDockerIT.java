package io.timonel.plugins.nodeagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.kernel.testing.TestCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node agent with the real Docker runtime plugin against the real daemon: the Node turns
 * Ready, pods run and report their status, a crashing container restarts, a deleted pod's
 * containers go. Skipped where there is no Docker daemon or no runtime-docker plugin jar (the
 * sibling module's build output, or a jar in target/it-plugins). Its containers carry the
 * test's own node name and are removed at the end.
 */
class NodeAgentDockerIT {
    static final String NODE = "agent-docker-it-" + Long.toHexString(System.nanoTime());
    static final Path SOCKET = Path.of("/var/run/docker.sock");
    static final String SUFFIX = Integer.toHexString(0x1000 + (int) (System.nanoTime() & 0xefff));
    /** The node's pod network: a bridge and a CIDR of the test's own, so it meets no other node on this machine. */
    static final String BRIDGE = "tnt-" + SUFFIX;
    static final String CIDR = "10.248." + (System.nanoTime() & 0xff) + ".0/24";
    private static TestCluster cluster;
    private static KubernetesClient client;
    private static Path plugins;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isWritable(SOCKET), "no Docker daemon at " + SOCKET);
        Optional<Path> runtimeJar = siblingJar("plugin-runtime-docker");
        assumeTrue(runtimeJar.isPresent(), "no runtime-docker plugin jar built");
        Optional<Path> networkJar = siblingJar("plugin-net-iptables");
        assumeTrue(networkJar.isPresent(), "no net-iptables plugin jar built");
        plugins = Files.createTempDirectory("agent-docker-it");
        try (Stream<Path> jars = Files.list(Path.of("target/it-plugins"))) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, plugins.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.copy(runtimeJar.get(), plugins.resolve(runtimeJar.get().getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(networkJar.get(), plugins.resolve(networkJar.get().getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Path cniConf = Files.createDirectories(plugins.resolve("cni-conf"));
        cluster = TestCluster.start(c -> c.withPluginsDir(plugins).withNodeName(NODE)
                .withControllerSettings("node-agent", Map.of("runtime", "docker", "port", "0", "statusInterval", "1s",
                        "relistInterval", "500ms", "cniBridge", BRIDGE, "cniConfDir", cniConf.toString()))
                .withControllerSettings("pod-routes", Map.of("enabled", "false"))); // the host's routes are not the test's
        client = cluster.client();
        // no controller manager here: the test gives the node its pod CIDR
        TestCluster.await("node " + NODE + " registered", Duration.ofSeconds(60),
                () -> client.nodes().withName(NODE).get() != null);
        client.nodes().withName(NODE).patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                "{\"spec\":{\"podCIDR\":\"" + CIDR + "\",\"podCIDRs\":[\"" + CIDR + "\"]}}");
        TestCluster.await("node " + NODE + " Ready", Duration.ofSeconds(60), () -> {
            Node n = client.nodes().withName(NODE).get();
            return n != null && n.getStatus() != null && n.getStatus().getConditions().stream()
                    .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
        });
        Node node = client.nodes().withName(NODE).get();
        assumeTrue(node.getStatus().getImages().stream().anyMatch(i -> i.getNames().contains("busybox:local")),
                "the daemon does not hold busybox:local");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (Files.isWritable(SOCKET)) {
            for (String id : docker("ps", "-aq", "--filter", "label=io.timonel.node=" + NODE)) {
                docker("rm", "-f", id);
            }
        }
        new ProcessBuilder("ip", "link", "del", BRIDGE).start().waitFor(10, TimeUnit.SECONDS);
    }

    /** A sibling plugin module's jar ({@code plugin-runtime-docker}): its build output, or dropped into target/it-plugins. */
    private static Optional<Path> siblingJar(String module) throws IOException {
        for (Path dir : List.of(Path.of("target/it-plugins"), Path.of("../../" + module + "/target"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path jar : files.filter(p -> p.getFileName().toString().startsWith("timonel-" + module)
                        && p.toString().endsWith(".jar") && !p.toString().contains("original")).toList()) {
                    try (ZipFile zip = new ZipFile(jar.toFile())) {
                        if (zip.getEntry("META-INF/extensions.idx") != null) {
                            return Optional.of(jar);
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> docker(String... args) {
        try {
            return run(args);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static List<String> run(String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of("docker"), Stream.of(args)).toList());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    private static Pod pod(String name, List<String> command) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(1L).withNodeName(NODE).addNewContainer()
                .withName("main").withImage("busybox:local").withImagePullPolicy("IfNotPresent").withCommand(command)
                .endContainer().endSpec().build();
    }

    private static Pod get(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    @Test
    void podRunsReportsItsStatusAndGoesAwayWhenDeleted() throws Exception {
        client.pods().inNamespace("default").resource(pod("sleeper", List.of("sleep", "3600"))).create();
        TestCluster.await("sleeper Running and Ready", Duration.ofSeconds(60), () -> {
            Pod p = get("sleeper");
            return p.getStatus() != null && "Running".equals(p.getStatus().getPhase())
                    && p.getStatus().getConditions().stream()
                    .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
        });
        Pod p = get("sleeper");
        String prefix = CIDR.substring(0, CIDR.lastIndexOf('.') + 1);
        assertTrue(p.getStatus().getPodIP() != null && p.getStatus().getPodIP().startsWith(prefix),
                "the pod has an address of the node's pod CIDR " + CIDR + ": " + p.getStatus().getPodIP());
        assertTrue(p.getStatus().getContainerStatuses().get(0).getContainerID().startsWith("docker://"));
        assertEquals("BestEffort", p.getStatus().getQosClass());

        client.pods().inNamespace("default").withName("sleeper").delete();
        TestCluster.await("sleeper gone", Duration.ofSeconds(60), () -> get("sleeper") == null);
        TestCluster.await("its containers removed", Duration.ofSeconds(30),
                () -> docker("ps", "-aq", "--filter", "label=io.kubernetes.pod.name=sleeper",
                        "--filter", "label=io.timonel.node=" + NODE).isEmpty());
    }

    @Test
    void crashingContainerRestartsAndBacksOff() {
        client.pods().inNamespace("default").resource(pod("crasher", List.of("sh", "-c", "exit 3"))).create();
        TestCluster.await("crasher restarted and backing off", Duration.ofSeconds(60), () -> {
            Pod p = get("crasher");
            if (p.getStatus() == null || p.getStatus().getContainerStatuses().isEmpty()) {
                return false;
            }
            var s = p.getStatus().getContainerStatuses().get(0);
            return s.getRestartCount() >= 1 && s.getState().getWaiting() != null
                    && "CrashLoopBackOff".equals(s.getState().getWaiting().getReason());
        });
        var s = get("crasher").getStatus().getContainerStatuses().get(0);
        assertEquals(3, s.getLastState().getTerminated().getExitCode());
        client.pods().inNamespace("default").withName("crasher").withGracePeriod(0).delete();
    }
}
