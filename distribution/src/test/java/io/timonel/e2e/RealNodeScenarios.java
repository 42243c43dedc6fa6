package io.timonel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A one-machine cluster whose node agent runs real containers, driven by the fabric8 client:
 * the same scenarios for every runtime (subclasses start the bundle's server with theirs).
 * Skipped where the runtime's daemon or what the project's images are built from is missing.
 */
abstract class RealNodeScenarios {
    private static BundleServer server;
    private static KubernetesClient client;

    /** Starts the bundle's server with {@code --runtime=NAME} once the daemon answers on {@code socket}. */
    static void startWith(String runtime, Path socket) throws Exception {
        assumeTrue(Files.exists(socket), runtime + " is not running here (no " + socket + ")");
        BundleImages.ensure();
        server = BundleServer.start(List.of(), List.of("--runtime=" + runtime));
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(server.kubeconfig()))).build();
        await("a Ready node", Duration.ofSeconds(90), () -> client.nodes().list().getItems().stream()
                .anyMatch(n -> n.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))));
    }


    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            for (String ns : List.of("rn-run", "rn-exec", "rn-forward", "rn-crash", "rn-debug")) {
                client.namespaces().withName(ns).delete();
            }
            await("the pods gone", Duration.ofSeconds(60), () -> client.pods().inAnyNamespace().list().getItems()
                    .stream().noneMatch(p -> p.getMetadata().getNamespace().startsWith("rn-")));
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        await("the default service account", Duration.ofSeconds(30),
                () -> client.serviceAccounts().inNamespace(name).withName("default").get() != null);
        return name;
    }

    private static Pod pod(String name, String... command) {
        return new PodBuilder().withNewMetadata().withName(name).addToLabels("app", name).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(1L).addNewContainer().withName("main")
                .withImage("busybox:local").withImagePullPolicy("IfNotPresent").withCommand(command).endContainer()
                .endSpec().build();
    }

    private static boolean ready(String ns, String name) {
        Pod pod = client.pods().inNamespace(ns).withName(name).get();
        return pod != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Test
    void aPodRunsAndItsOutputIsInItsLog() {
        String ns = namespace("rn-run");
        client.pods().inNamespace(ns).resource(pod("talker", "sh", "-c", "echo hello from $HOSTNAME; exec sleep 600"))
                .create();

        await("talker Ready", Duration.ofSeconds(60), () -> ready(ns, "talker"));
        await("its line in the log", Duration.ofSeconds(20),
                () -> client.pods().inNamespace(ns).withName("talker").getLog().contains("hello from talker"));
        Pod pod = client.pods().inNamespace(ns).withName("talker").get();
        assertEquals("Running", pod.getStatus().getPhase());
        assertEquals("BestEffort", pod.getStatus().getQosClass());
        assertTrue(pod.getStatus().getPodIP() != null && !pod.getStatus().getPodIP().isEmpty(), "pod IP");
        ContainerStatus main = pod.getStatus().getContainerStatuses().get(0);
        assertTrue(main.getReady() && main.getState().getRunning() != null, main.toString());
    }

    @Test
    void execPassesStdinThroughAndReportsTheExitCode() throws Exception {
        String ns = namespace("rn-exec");
        client.pods().inNamespace(ns).resource(pod("shell", "sleep", "600")).create();
        await("shell Ready", Duration.ofSeconds(60), () -> ready(ns, "shell"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // the fabric8 client speaks v4.channel.k8s.io, which cannot close stdin: the command reads one line
        try (ExecWatch exec = client.pods().inNamespace(ns).withName("shell").redirectingInput().writingOutput(out)
                .exec("sh", "-c", "read line; echo \"$line\" | tr a-z A-Z; exit 4")) {
            exec.getInput().write("piped through\n".getBytes(StandardCharsets.UTF_8));
            exec.getInput().flush();
            assertEquals(4, exec.exitCode().get(30, TimeUnit.SECONDS));
        }
        assertEquals("PIPED THROUGH\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void portForwardReachesThePodsServer() throws Exception {
        String ns = namespace("rn-forward");
        Pod web = pod("web", "sh", "-c",
                "mkdir -p /www && echo forwarded-ok > /www/index.html && exec httpd -f -p 8080 -h /www");
        // Ready once httpd listens, not merely once its container runs
        web.getSpec().getContainers().get(0).setReadinessProbe(new ProbeBuilder().withNewTcpSocket()
                .withPort(new IntOrString(8080)).endTcpSocket().withPeriodSeconds(1).build());
        client.pods().inNamespace(ns).resource(web).create();
        await("web Ready", Duration.ofSeconds(60), () -> ready(ns, "web"));

        try (LocalPortForward forward = client.pods().inNamespace(ns).withName("web").portForward(8080)) {
            HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + forward.getLocalPort() + "/")).timeout(Duration.ofSeconds(20))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, reply.statusCode());
            assertEquals("forwarded-ok\n", reply.body());
        }
    }

    @Test
    void kubectlDebugRunsAnEphemeralContainerBesideThePodsAndAttachesToIt() {
        assumeTrue(Kubectl.installed(), "kubectl v1.33 is not installed");
        String ns = namespace("rn-debug");
        client.pods().inNamespace(ns).resource(pod("target", "sleep", "600")).create();
        await("target Ready", Duration.ofSeconds(60), () -> ready(ns, "target"));
        Kubectl kubectl = new Kubectl(server.kubeconfig());

        Kubectl.Result debug = kubectl.runWithInput("echo debugging $(hostname); ps; exit 3\n", "-n", ns, "debug",
                "target", "-i", "--image=busybox:local", "--image-pull-policy=IfNotPresent", "--profile=general",
                "--target=main", "-c", "dbg", "--", "sh");
        assertTrue(debug.out().contains("debugging target"), debug.toString());
        assertTrue(debug.out().contains("sleep 600"), "it sees its target's processes: " + debug);
        await("dbg terminated with its exit code", Duration.ofSeconds(20), () -> {
            Pod pod = client.pods().inNamespace(ns).withName("target").get();
            return pod.getStatus().getEphemeralContainerStatuses().stream().anyMatch(c -> c.getName().equals("dbg")
                    && c.getState().getTerminated() != null && c.getState().getTerminated().getExitCode() == 3);
        });
        assertTrue(kubectl.run("-n", ns, "logs", "target", "-c", "dbg").out().contains("debugging target"));
        assertTrue(ready(ns, "target"), "the pod itself runs on, Ready");

        // a command done before kubectl attaches: kubectl falls back to its log
        Kubectl.Result quick = kubectl.run("-n", ns, "run", "quick", "-i", "--rm", "--restart=Never",
                "--image=busybox:local", "--image-pull-policy=IfNotPresent", "--", "echo", "done quickly");
        assertTrue(quick.ok() && quick.out().contains("done quickly"), quick.toString());
    }

    @Test
    void aFailingContainerIsRestartedWithBackOff() {
        String ns = namespace("rn-crash");
        client.pods().inNamespace(ns).resource(pod("crasher", "sh", "-c", "echo failing; exit 3")).create();

        await("CrashLoopBackOff after a restart", Duration.ofSeconds(60), () -> {
            Pod pod = client.pods().inNamespace(ns).withName("crasher").get();
            List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
            return statuses != null && !statuses.isEmpty() && statuses.get(0).getRestartCount() >= 1
                    && statuses.get(0).getState().getWaiting() != null
                    && "CrashLoopBackOff".equals(statuses.get(0).getState().getWaiting().getReason());
        });
        ContainerStatus main = client.pods().inNamespace(ns).withName("crasher").get().getStatus()
                .getContainerStatuses().get(0);
        assertEquals(3, main.getLastState().getTerminated().getExitCode());
        assertEquals("Error", main.getLastState().getTerminated().getReason());
        String previous = client.pods().inNamespace(ns).withName("crasher").inContainer("main").usingTimestamps()
                .getLog(true);
        assertTrue(previous.contains("failing"), previous);
    }

    static void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not there yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what
                        + (server == null ? "" : "\nserver log tail:\n" + tail(server.log())));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static String tail(String log) {
        return log.length() > 3000 ? log.substring(log.length() - 3000) : log;
    }
}
