package io.timonel.plugins.nodeagent.streaming;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.kernel.testing.TestCluster;
import io.timonel.spi.controller.ApiAccess;
import io.timonel.spi.node.NodeContext;
import io.timonel.spi.runtime.ContainerRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

/**
 * A kernel (with the core-api plugin) whose pod connect subresources reach a {@link StreamingServer}
 * in this JVM: node {@value #NODE} reports the server as its kubelet endpoint on 127.0.0.1.
 */
final class StreamingFixture implements AutoCloseable {
    static final String NODE = "stream-node";

    private final TestCluster cluster;
    private final StreamingServer server;
    private final ScheduledExecutorService scheduler;

    private StreamingFixture(TestCluster cluster, StreamingServer server, ScheduledExecutorService scheduler) {
        this.cluster = cluster;
        this.server = server;
        this.scheduler = scheduler;
    }

    /** Starts it all; empty when the core-api plugin jar is not built (the test should be skipped). */
    static Optional<StreamingFixture> start(ContainerRuntime runtime, PodLocator pods) throws Exception {
        Optional<Path> coreApi = coreApiJar();
        if (coreApi.isEmpty()) {
            return Optional.empty();
        }
        Path plugins = Files.createTempDirectory("stream-plugins");
        Files.copy(coreApi.get(), plugins.resolve(coreApi.get().getFileName()));
        TestCluster cluster = TestCluster.start(c -> c.withPluginsDir(plugins));
        Path dataDir = cluster.kernel().adminKubeconfig().getParent();
        String caPem = Files.readString(dataDir.resolve("pki/ca.crt"));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        NodeContext context = new NodeContext(new ApiAccess(cluster.kernel().url(), caPem, "unused",
                "system:node:" + NODE), Clock.systemUTC(), scheduler, Map.of(), null, NODE,
                Files.createTempDirectory("node-state"));
        StreamingServer server = new StreamingServer(runtime, pods, context);
        int port = server.start(0);
        StreamingFixture fixture = new StreamingFixture(cluster, server, scheduler);
        fixture.createNode(NODE, port);
        return Optional.of(fixture);
    }

    KubernetesClient client() {
        return cluster.client();
    }

    TestCluster cluster() {
        return cluster;
    }

    /** A node whose agent is said to listen on 127.0.0.1:{@code port}. */
    void createNode(String name, int port) {
        KubernetesClient client = cluster.client();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        client.nodes().withName(name).editStatus(n -> new NodeBuilder(n).editOrNewStatus()
                .addNewAddress().withType("InternalIP").withAddress("127.0.0.1").endAddress()
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(port).endKubeletEndpoint().endDaemonEndpoints()
                .endStatus().build());
    }

    /** A pod in namespace default with one container "main"; bound to {@code node} and Running unless null. */
    void createPod(String name, String node) {
        KubernetesClient client = cluster.client();
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("main").withImage("busybox:local")
                .endContainer().endSpec().build()).create();
        if (node != null) {
            // port-forward and attach clients look for a running pod first
            client.pods().inNamespace("default").withName(name).editStatus(p -> new PodBuilder(p).editOrNewStatus()
                    .withPhase("Running").endStatus().build());
        }
    }

    @Override
    public void close() {
        server.close();
        cluster.close();
        scheduler.shutdownNow();
    }

    private static Optional<Path> coreApiJar() throws IOException {
        String explicit = System.getProperty("timonel.coreApiJar");
        if (explicit != null) {
            return Optional.of(Path.of(explicit));
        }
        List<Path> candidates = new ArrayList<>();
        Path itPlugins = Path.of("target/it-plugins");
        Path repo = Path.of(System.getProperty("user.home"), ".m2/repository/io/timonel/timonel-plugin-core-api");
        for (Path dir : List.of(itPlugins, Path.of("../core-api/target"), repo)) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.walk(dir, 2)) {
                    files.filter(f -> f.getFileName().toString().matches("timonel-plugin-core-api-[^/]*\\d(-SNAPSHOT)?\\.jar"))
                            .forEach(candidates::add);
                }
            }
            if (!candidates.isEmpty()) {
                break;
            }
        }
        return candidates.stream().findFirst();
    }
}
