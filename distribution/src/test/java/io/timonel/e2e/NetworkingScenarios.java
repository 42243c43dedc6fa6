package io.timonel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Services, DNS, NetworkPolicy and Ingress on a one-machine cluster whose node runs real
 * containers: {@code bin/timonel server} from the bundle with the node's runtime (subclasses
 * choose it), driven by kubectl v1.33 and the fabric8 client, with busybox pods serving tokens
 * ({@code httpd}) and fetching them ({@code wget}, {@code nslookup}), and this machine fetching
 * them through NodePorts, LoadBalancer addresses, hostPorts and the ingress controller. One server
 * for the class, on a node named for the run, with the ingress on free ports and a LoadBalancer
 * pool that pod-routes keeps on this machine; a namespace per scenario. At the end the namespaces
 * go and {@code timonel node reset} removes what the node left in the runtime. Skipped unless
 * root, with the runtime's daemon and kubectl.
 */
abstract class NetworkingScenarios {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The LoadBalancer pool: inside 10.43.0.0/24, routed to this machine by pod-routes. */
    private static final String POOL = "10.43.0.240/29";

    private static String runtime;
    private static String nodeName;
    private static BundleServer server;
    private static KubernetesClient client;
    private static Kubectl kubectl;
    private static int httpPort;
    private static int httpsPort;
    private static final List<String> namespaces = new ArrayList<>();

    /** Starts the bundle's server with {@code --runtime=NAME} once the daemon answers on {@code socket}. */
    static void startWith(String runtimeName, Path socket) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (iptables, routes)");
        assumeTrue(Files.exists(socket), runtimeName + " is not running here (no " + socket + ")");
        assumeTrue(Kubectl.installed(), "no kubectl at " + Kubectl.BINARY);
        BundleImages.ensure();
        runtime = runtimeName;
        // a node of its own: node reset at the end leaves other servers' pods on this machine alone
        nodeName = "tnet-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        httpPort = freePort();
        httpsPort = freePort();
        Path config = Files.createTempFile("timonel-net", ".yaml");
        Files.writeString(config, "controllers:\n"
                + "  ingress: {http-port: \"" + httpPort + "\", https-port: \"" + httpsPort + "\"}\n"
                + "  service-lb: {pool: \"" + POOL + "\"}\n"
                + "  pod-routes: {loadBalancerPool: \"" + POOL + "\"}\n");
        server = BundleServer.start(List.of(), List.of("--runtime=" + runtimeName, "--node-name=" + nodeName,
                "--config", config.toString()));
        Files.delete(config); // read at start
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(server.kubeconfig()))).build();
        kubectl = new Kubectl(server.kubeconfig());
        await("a Ready node", () -> {
            Node node = client.nodes().withName(nodeName).get();
            return node != null && node.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        });
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (client != null) {
                for (String ns : namespaces) {
                    client.namespaces().withName(ns).delete();
                }
                await("the pods gone", () -> client.pods().inAnyNamespace().list().getItems().stream()
                        .noneMatch(p -> namespaces.contains(p.getMetadata().getNamespace())));
            }
        } finally {
            if (client != null) {
                client.close();
            }
            if (server != null) {
                server.stop();
                // whatever the agent left (it does not wait for sandboxes to go), with their pod network addresses
                Process reset = new ProcessBuilder(BundleServer.BUNDLE.resolve("bin/timonel").toString(), "node",
                        "reset", "--runtime=" + runtime, "--node-name=" + nodeName,
                        "--data-dir=" + server.dataDir()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                reset.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
                server.close();
            }
            // the subclasses share these fields: the next one starts from nothing
            client = null;
            server = null;
            namespaces.clear();
        }
    }

    // ---- 1. ClusterIP ----

    @Test
    void aClusterIpBalancesOverReadyBackendsAndDropsOneThatTurnsUnready() {
        String ns = namespace("tnet-balance");
        create(ns, web("web-a", "token-a", Map.of("app", "web")), web("web-b", "token-b", Map.of("app", "web")),
                sleeper("client", Map.of()));
        service(ns, "web", Map.of("app", "web"), "ClusterIP", null);
        awaitReady(ns, "web-a", "web-b", "client");

        await("both backends answering http://web/", () -> requests(ns, "client", "http://web/", 12)
                .containsAll(Set.of("token-a", "token-b")));

        assertTrue(exec(ns, "web-a", "rm", "/tmp/ready").ok());
        await("web-a's endpoint not ready in the EndpointSlice", () -> {
            List<Endpoint> endpoints = client.discovery().v1().endpointSlices().inNamespace(ns)
                    .withLabel("kubernetes.io/service-name", "web").list().getItems().stream()
                    .flatMap(s -> s.getEndpoints().stream()).toList();
            return endpoints.stream().anyMatch(e -> "web-a".equals(e.getTargetRef().getName())
                    && Boolean.FALSE.equals(e.getConditions().getReady()))
                    && endpoints.stream().anyMatch(e -> "web-b".equals(e.getTargetRef().getName())
                    && Boolean.TRUE.equals(e.getConditions().getReady()));
        });
        await("only web-b answering", () -> requests(ns, "client", "http://web/", 12).equals(Set.of("token-b")));

        assertTrue(exec(ns, "web-a", "touch", "/tmp/ready").ok());
        await("web-a back in rotation", () -> requests(ns, "client", "http://web/", 12)
                .containsAll(Set.of("token-a", "token-b")));
        String clusterIp = client.services().inNamespace(ns).withName("web").get().getSpec().getClusterIP();
        await("the cluster IP " + clusterIp + " from this machine",
                () -> hostGet("http://" + clusterIp + "/").startsWith("token-"));
    }

    // ---- 2. DNS ----

    @Test
    void headlessServicesAndPodHostnamesAndExternalNamesResolve() {
        String ns = namespace("tnet-dns");
        String domain = ns + ".svc.cluster.local";
        apply(ns, """
                apiVersion: v1
                kind: Service
                metadata: {name: peers}
                spec:
                  clusterIP: None
                  selector: {app: peer}
                  ports: [{name: http, port: 80, targetPort: 8080}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: alias}
                spec: {type: ExternalName, externalName: peer-0.peers.%s}
                """.formatted(domain));
        Pod peer0 = web("peer-0", "peer-0", Map.of("app", "peer"));
        peer0.getSpec().setHostname("peer-0");
        peer0.getSpec().setSubdomain("peers");
        create(ns, peer0, web("peer-1", "peer-1", Map.of("app", "peer")), sleeper("client", Map.of()));
        awaitReady(ns, "peer-0", "peer-1", "client");
        String ip0 = podIp(ns, "peer-0");
        String ip1 = podIp(ns, "peer-1");

        await("peers." + domain + " -> both pods", () -> {
            String answer = nslookup(ns, "peers." + domain);
            return words(answer).containsAll(Set.of(ip0, ip1));
        });
        await("peer-0.peers." + domain + " -> peer-0",
                () -> words(nslookup(ns, "peer-0.peers." + domain)).contains(ip0));
        await("SRV records of the headless service's named port", () -> {
            String answer = exec(ns, "client", "nslookup", "-type=SRV", "_http._tcp.peers." + domain).out();
            return answer.contains("peer-0.peers." + domain) && answer.split("service = ", -1).length == 3;
        });
        await("alias." + domain + " a CNAME to peer-0.peers." + domain, () -> {
            String answer = nslookup(ns, "alias." + domain);
            return answer.contains("canonical name = peer-0.peers." + domain);
        });
    }

    // ---- 3. Session affinity ----

    @Test
    void sessionAffinityClientIpKeepsAClientOnOneBackend() {
        String ns = namespace("tnet-affinity");
        create(ns, web("sticky-a", "token-a", Map.of("app", "sticky")),
                web("sticky-b", "token-b", Map.of("app", "sticky")), sleeper("client", Map.of()));
        Service sticky = new ServiceBuilder().withNewMetadata().withName("sticky").endMetadata().withNewSpec()
                .withSelector(Map.of("app", "sticky")).withSessionAffinity("ClientIP")
                .addNewPort().withPort(80).withTargetPort(new IntOrString(8080)).endPort().endSpec().build();
        client.services().inNamespace(ns).resource(sticky).create();
        awaitReady(ns, "sticky-a", "sticky-b", "client");
        await("both endpoints ready", () -> client.discovery().v1().endpointSlices().inNamespace(ns)
                .withLabel("kubernetes.io/service-name", "sticky").list().getItems().stream()
                .flatMap(s -> s.getEndpoints().stream())
                .filter(e -> Boolean.TRUE.equals(e.getConditions().getReady())).count() == 2);
        await("an answer from the service", () -> !requests(ns, "client", "http://sticky/", 1).isEmpty());

        List<String> answers = requestList(ns, "client", "http://sticky/", 12);
        assertEquals(12, answers.size(), answers.toString());
        assertEquals(1, new HashSet<>(answers).size(), "one backend for one client: " + answers);
    }

    // ---- 4. NodePort and LoadBalancer ----

    @Test
    void nodePortsAndLoadBalancerAddressesAnswerFromThisMachine() {
        String ns = namespace("tnet-edge");
        create(ns, web("edge", "edge-token", Map.of("app", "edge")));
        Service nodePort = service(ns, "edge-np", Map.of("app", "edge"), "NodePort", null);
        service(ns, "edge-lb", Map.of("app", "edge"), "LoadBalancer", 8081);
        awaitReady(ns, "edge");
        int port = nodePort.getSpec().getPorts().get(0).getNodePort();
        String nodeIp = nodeInternalIp();

        await("http://" + nodeIp + ":" + port + "/ from this machine",
                () -> hostGet("http://" + nodeIp + ":" + port + "/").equals("edge-token\n"));
        await("http://127.0.0.1:" + port + "/ (node ports answer on loopback too, as with kube-proxy's iptables mode)",
                () -> hostGet("http://127.0.0.1:" + port + "/").equals("edge-token\n"));
        String[] lbIp = new String[1];
        await("a load balancer address", () -> {
            var ingress = client.services().inNamespace(ns).withName("edge-lb").get().getStatus().getLoadBalancer()
                    .getIngress();
            lbIp[0] = ingress == null || ingress.isEmpty() ? null : ingress.get(0).getIp();
            return lbIp[0] != null;
        });
        assertTrue(lbIp[0].startsWith("10.43.0.24"), "from the pool " + POOL + ": " + lbIp[0]);
        await("http://" + lbIp[0] + ":8081/ from this machine",
                () -> hostGet("http://" + lbIp[0] + ":8081/").equals("edge-token\n"));

        // externalTrafficPolicy Local: the health check node port tells load balancers this node has an endpoint
        Service local = client.services().inNamespace(ns).withName("edge-lb").edit(s -> new ServiceBuilder(s)
                .editSpec().withExternalTrafficPolicy("Local").endSpec().build());
        int health = local.getSpec().getHealthCheckNodePort();
        await("http://" + nodeIp + ":" + health + "/ says one local endpoint",
                () -> hostGet("http://" + nodeIp + ":" + health + "/").contains("\"localEndpoints\":1"));
    }

    // ---- 5. NetworkPolicy ----

    @Test
    void networkPoliciesDenyAndAllowIngressAndDenyEgress() {
        String ns = namespace("tnet-policy");
        create(ns, web("guarded", "guarded-token", Map.of("app", "guarded")),
                sleeper("friend", Map.of("role", "client")), sleeper("stranger", Map.of()),
                sleeper("loner", Map.of("role", "client", "app", "loner")));
        awaitReady(ns, "guarded", "friend", "stranger", "loner");
        String url = "http://" + podIp(ns, "guarded") + ":8080/";
        await("the stranger reaching guarded", () -> reaches(ns, "stranger", url));

        apply(ns, """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: default-deny}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                """);
        await("default-deny shutting the stranger out", () -> !reaches(ns, "stranger", url));
        assertFalse(reaches(ns, "friend", url), "no policy allows the friend yet");

        apply(ns, """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: from-clients}
                spec:
                  podSelector: {matchLabels: {app: guarded}}
                  ingress: [{from: [{podSelector: {matchLabels: {role: client}}}]}]
                """);
        await("role=client letting the friend in", () -> reaches(ns, "friend", url));
        assertTrue(reaches(ns, "loner", url), "the loner has role=client too");
        assertFalse(reaches(ns, "stranger", url), "the stranger has no role=client");

        apply(ns, """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: loner-no-egress}
                spec: {podSelector: {matchLabels: {app: loner}}, policyTypes: [Egress]}
                """);
        await("egress deny cutting the loner off", () -> !reaches(ns, "loner", url));
        assertTrue(reaches(ns, "friend", url), "the friend is not affected by the loner's policy");
    }

    // ---- 6. Ingress ----

    @Test
    void anIngressRoutesHostsAndPathsOverHttpAndTlsAndFollowsEdits() throws Exception {
        String ns = namespace("tnet-ingress");
        create(ns, web("blue", "blue-token", Map.of("app", "blue")), web("green", "green-token", Map.of("app", "green")));
        service(ns, "blue", Map.of("app", "blue"), "ClusterIP", null);
        service(ns, "green", Map.of("app", "green"), "ClusterIP", null);
        SelfSigned cert = SelfSigned.forName("a.example.test");
        Path crt = Files.createTempFile("tnet", ".crt");
        Path key = Files.createTempFile("tnet", ".key");
        Files.writeString(crt, cert.certificatePem());
        Files.writeString(key, cert.keyPem());
        Kubectl.Result secret = kubectl.run("-n", ns, "create", "secret", "tls", "a-tls", "--cert=" + crt,
                "--key=" + key);
        Files.delete(crt);
        Files.delete(key);
        assertTrue(secret.ok(), secret.err());
        await("IngressClass timonel", () -> client.network().v1().ingressClasses().withName("timonel").get() != null);
        Ingress routes = new IngressBuilder().withNewMetadata().withName("routes").endMetadata().withNewSpec()
                .withIngressClassName("timonel")
                .addNewTl().withHosts("a.example.test").withSecretName("a-tls").endTl()
                .withRules(rule("a.example.test", "/", "blue"), rule("b.example.test", "/green", "green"))
                .endSpec().build();
        client.network().v1().ingresses().inNamespace(ns).resource(routes).create();
        awaitReady(ns, "blue", "green");

        await("a.example.test/ -> blue", () -> ingressGet("a.example.test", "/").equals("blue-token\n"));
        await("b.example.test/green -> green", () -> ingressGet("b.example.test", "/green").equals("green-token\n"));
        assertEquals(404, HostHttp.get("127.0.0.1", httpPort, "b.example.test", "/").status(),
                "b.example.test has no rule for /");
        HostHttp.Response tls = HostHttp.getTls("127.0.0.1", httpsPort, "a.example.test", "/", cert.certificate());
        assertEquals(new HostHttp.Response(200, "blue-token\n"), tls);
        await("the node's address in status.loadBalancer of the Ingress", () -> {
            var lb = client.network().v1().ingresses().inNamespace(ns).withName("routes").get().getStatus()
                    .getLoadBalancer();
            return lb != null && lb.getIngress() != null && !lb.getIngress().isEmpty()
                    && nodeInternalIp().equals(lb.getIngress().get(0).getIp());
        });

        client.network().v1().ingresses().inNamespace(ns).withName("routes").edit(i -> {
            i.getSpec().getRules().set(0, rule("a.example.test", "/", "green"));
            return i;
        });
        await("a.example.test/ re-routed to green", () -> ingressGet("a.example.test", "/").equals("green-token\n"));
    }

    // ---- 7. Pod to pod, hostPort ----

    @Test
    void podsReachEachOtherByIpAndAHostPortAnswersOnTheNode() {
        String ns = namespace("tnet-pods");
        int hostPort = ThreadLocalRandom.current().nextInt(41000, 42000);
        Pod target = web("target", "target-token", Map.of("app", "target"));
        target.getSpec().getContainers().get(0).getPorts().get(0).setHostPort(hostPort);
        create(ns, target, sleeper("client", Map.of()));
        awaitReady(ns, "target", "client");
        String targetIp = podIp(ns, "target");
        assertFalse(targetIp.equals(podIp(ns, "client")), "two pods, two addresses");

        await("target by its pod IP", () -> requests(ns, "client", "http://" + targetIp + ":8080/", 1)
                .equals(Set.of("target-token")));
        String nodeIp = nodeInternalIp();
        await("hostPort " + hostPort + " on " + nodeIp,
                () -> hostGet("http://" + nodeIp + ":" + hostPort + "/").equals("target-token\n"));
    }

    // ---- fixtures ----

    private static String namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        namespaces.add(name);
        await("the default service account of " + name,
                () -> client.serviceAccounts().inNamespace(name).withName("default").get() != null);
        return name;
    }

    /** busybox httpd on 8080 serving {@code token} at / and /green, Ready while /tmp/ready exists. */
    private static Pod web(String name, String token, Map<String, String> labels) {
        Pod pod = base(name, labels, "sh", "-c", "mkdir -p /www && echo " + token + " > /www/index.html"
                + " && cp /www/index.html /www/green && touch /tmp/ready && exec httpd -f -p 8080 -h /www");
        var container = pod.getSpec().getContainers().get(0);
        container.setPorts(List.of(new io.fabric8.kubernetes.api.model.ContainerPortBuilder()
                .withName("http").withContainerPort(8080).build()));
        container.setReadinessProbe(new io.fabric8.kubernetes.api.model.ProbeBuilder().withNewExec()
                .withCommand("cat", "/tmp/ready").endExec().withPeriodSeconds(1).withFailureThreshold(1).build());
        return pod;
    }

    private static Pod sleeper(String name, Map<String, String> labels) {
        return base(name, labels, "sleep", "3600");
    }

    private static Pod base(String name, Map<String, String> labels, String... command) {
        return new PodBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(1L).addNewContainer().withName("main")
                .withImage("busybox:local").withImagePullPolicy("IfNotPresent").withCommand(command).endContainer()
                .endSpec().build();
    }

    private static void create(String ns, Pod... pods) {
        for (Pod pod : pods) {
            client.pods().inNamespace(ns).resource(pod).create();
        }
    }

    /** A Service on port {@code port} (default 80) to the pods' 8080, as the server stored it. */
    private static Service service(String ns, String name, Map<String, String> selector, String type, Integer port) {
        return client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().withType(type).withSelector(selector).addNewPort().withName("http")
                .withPort(port == null ? 80 : port).withTargetPort(new IntOrString(8080)).endPort().endSpec().build())
                .create();
    }

    private static IngressRule rule(String host, String path, String service) {
        return new IngressRuleBuilder().withHost(host).withNewHttp().addNewPath().withPath(path)
                .withPathType("Prefix").withNewBackend().withNewService().withName(service).withNewPort()
                .withNumber(80).endPort().endService().endBackend().endPath().endHttp().build();
    }

    private static void apply(String ns, String yaml) {
        Kubectl.Result r = kubectl.runWithInput(yaml, "-n", ns, "apply", "-f", "-");
        assertTrue(r.ok(), "kubectl apply: " + r.err());
    }

    private static void awaitReady(String ns, String... pods) {
        for (String name : pods) {
            await(ns + "/" + name + " Ready", () -> {
                Pod pod = client.pods().inNamespace(ns).withName(name).get();
                return pod != null && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            });
        }
    }

    private static String podIp(String ns, String pod) {
        return client.pods().inNamespace(ns).withName(pod).get().getStatus().getPodIP();
    }

    private static String nodeInternalIp() {
        return client.nodes().withName(nodeName).get().getStatus().getAddresses().stream()
                .filter(a -> "InternalIP".equals(a.getType())).findFirst().orElseThrow().getAddress();
    }

    private static Kubectl.Result exec(String ns, String pod, String... command) {
        List<String> args = new ArrayList<>(List.of("-n", ns, "exec", pod, "--"));
        args.addAll(List.of(command));
        return kubectl.run(args.toArray(String[]::new));
    }

    /** {@code count} GETs of {@code url} from {@code pod}, one exec: the bodies that came back, in order. */
    private static List<String> requestList(String ns, String pod, String url, int count) {
        // /bin/wget, the image's wrapper: busybox sh would run its own wget applet, which crashes on -T
        Kubectl.Result r = exec(ns, pod, "sh", "-c",
                "for i in $(seq " + count + "); do /bin/wget -qO- -T 2 " + url + "; done; true");
        return r.out().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static Set<String> requests(String ns, String pod, String url, int count) {
        return new HashSet<>(requestList(ns, pod, url, count));
    }

    /** Whether one GET from {@code pod} gets an answer within 2 s. */
    private static boolean reaches(String ns, String pod, String url) {
        return exec(ns, pod, "wget", "-qO-", "-T", "2", url).ok();
    }

    /** busybox nslookup exits 1 even when it found something: its whole output. */
    private static String nslookup(String ns, String name) {
        Kubectl.Result r = exec(ns, "client", "nslookup", name);
        return r.out() + r.err();
    }

    private static Set<String> words(String text) {
        return new HashSet<>(Arrays.asList(text.split("[\\s,]+")));
    }

    private static String hostGet(String url) {
        try {
            HttpResponse<String> reply = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                            HttpResponse.BodyHandlers.ofString());
            return reply.statusCode() == 200 ? reply.body() : "HTTP " + reply.statusCode();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String ingressGet(String host, String path) throws IOException {
        HostHttp.Response r = HostHttp.get("127.0.0.1", httpPort, host, path);
        return r.status() == 200 ? r.body() : "HTTP " + r.status();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A condition that may throw while not there yet. */
    private interface Check {
        boolean holds() throws Exception;
    }

    static void await(String what, Check condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for " + what
                        + (last == null ? "" : " (last error: " + last + ")")
                        + (server == null ? "" : "\nserver log tail:\n" + tail(server.log())));
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static String tail(String log) {
        return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
    }
}
