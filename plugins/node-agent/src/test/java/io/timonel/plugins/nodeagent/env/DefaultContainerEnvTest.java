package io.timonel.plugins.nodeagent.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.timonel.plugins.nodeagent.Outcome;
import io.timonel.spi.runtime.ContainerConfig.EnvVar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultContainerEnvTest {
    final FakeEnvSources sources = new FakeEnvSources();
    final List<String> warnings = new ArrayList<>();
    final DefaultContainerEnv env = new DefaultContainerEnv(sources,
            () -> Map.of("cpu", new Quantity("2"), "memory", new Quantity("4Gi")),
            (pod, reason, message) -> warnings.add(reason + ": " + message));

    @Test
    void valuesExpandEarlierVariablesAndLeaveUnknownOnesAndEscapes() {
        Container c = container(List.of(
                var("GREETING", "hello"),
                var("MESSAGE", "$(GREETING) world, $(NOBODY), $$(GREETING)"),
                var("LATER_REF", "$(DEFINED_LATER)"),
                var("DEFINED_LATER", "x"),
                var("EMPTY", null)), List.of());

        Map<String, String> vars = resolve(pod(c), c);

        assertEquals("hello world, $(NOBODY), $(GREETING)", vars.get("MESSAGE"));
        assertEquals("$(DEFINED_LATER)", vars.get("LATER_REF"), "only variables defined before are seen");
        assertEquals("", vars.get("EMPTY"));
    }

    @Test
    void envOverridesEnvFromAndLaterEnvFromOverridesEarlier() {
        sources.configMap("default", "first", Map.of("A", "first", "B", "first"));
        sources.configMap("default", "second", Map.of("B", "second", "C", "second"));
        Container c = container(List.of(var("C", "env"), var("D", "$(A)$(B)")), List.of(
                new EnvFromSourceBuilder().withNewConfigMapRef().withName("first").endConfigMapRef().build(),
                new EnvFromSourceBuilder().withNewConfigMapRef().withName("second").endConfigMapRef().build()));

        Map<String, String> vars = resolve(pod(c), c);

        assertEquals("first", vars.get("A"));
        assertEquals("second", vars.get("B"));
        assertEquals("env", vars.get("C"));
        assertEquals("firstsecond", vars.get("D"), "envFrom values are visible to expansion");
    }

    @Test
    void envFromPrefixesKeysAndSkipsInvalidNamesWithAWarning() {
        sources.configMap("default", "cfg", Map.of("greeting", "hello there", "1bad", "x", "with space", "y"));
        sources.secret("default", "sec", Map.of("token", "s3cret"));
        Container c = container(List.of(), List.of(
                new EnvFromSourceBuilder().withPrefix("CFG_").withNewConfigMapRef().withName("cfg").endConfigMapRef().build(),
                new EnvFromSourceBuilder().withNewConfigMapRef().withName("cfg").endConfigMapRef().build(),
                new EnvFromSourceBuilder().withNewSecretRef().withName("sec").endSecretRef().build()));

        Map<String, String> vars = resolve(pod(c), c);

        assertEquals("hello there", vars.get("CFG_greeting"));
        assertEquals("x", vars.get("CFG_1bad"), "the prefix makes it valid");
        assertEquals("hello there", vars.get("greeting"));
        assertFalse(vars.containsKey("1bad"));
        assertEquals("s3cret", vars.get("token"));
        assertEquals(List.of("InvalidEnvironmentVariableNames: Keys [1bad, with space] from the EnvFrom configMap "
                + "default/cfg were skipped since they are considered invalid environment variable names.",
                "InvalidEnvironmentVariableNames: Keys [CFG_with space] from the EnvFrom configMap "
                + "default/cfg were skipped since they are considered invalid environment variable names."
        ).stream().sorted().toList(), warnings.stream().sorted().toList());
    }

    @Test
    void keyRefsResolveAndMissingOnesFailAsKubernetes() {
        sources.configMap("default", "cfg", Map.of("key", "from-configmap"));
        sources.secret("default", "app-secret", Map.of("token", "s3cret-token"));
        Container ok = container(List.of(
                new EnvVarBuilder().withName("CFG_KEY").withNewValueFrom().withNewConfigMapKeyRef("key", "cfg", null)
                        .endValueFrom().build(),
                new EnvVarBuilder().withName("SECRET_TOKEN").withNewValueFrom().withNewSecretKeyRef("token", "app-secret", null)
                        .endValueFrom().build(),
                new EnvVarBuilder().withName("OPTIONAL").withNewValueFrom().withNewConfigMapKeyRef("nope", "cfg", true)
                        .endValueFrom().build(),
                new EnvVarBuilder().withName("OPTIONAL_CM").withNewValueFrom().withNewConfigMapKeyRef("k", "absent", true)
                        .endValueFrom().build()), List.of());

        Map<String, String> vars = resolve(pod(ok), ok);
        assertEquals("from-configmap", vars.get("CFG_KEY"));
        assertEquals("s3cret-token", vars.get("SECRET_TOKEN"));
        assertFalse(vars.containsKey("OPTIONAL"));
        assertFalse(vars.containsKey("OPTIONAL_CM"));

        assertFails("couldn't find key nope in ConfigMap default/cfg", new EnvVarBuilder().withName("X").withNewValueFrom()
                .withNewConfigMapKeyRef("nope", "cfg", null).endValueFrom().build());
        assertFails("configmap \"absent\" not found", new EnvVarBuilder().withName("X").withNewValueFrom()
                .withNewConfigMapKeyRef("k", "absent", false).endValueFrom().build());
        assertFails("couldn't find key nope in Secret default/app-secret", new EnvVarBuilder().withName("X")
                .withNewValueFrom().withNewSecretKeyRef("nope", "app-secret", null).endValueFrom().build());
        assertFails("secret \"absent\" not found", new EnvVarBuilder().withName("X").withNewValueFrom()
                .withNewSecretKeyRef("k", "absent", null).endValueFrom().build());
    }

    @Test
    void aMissingEnvFromSourceFailsUnlessOptional() {
        Container optional = container(List.of(), List.of(
                new EnvFromSourceBuilder().withNewConfigMapRef().withName("absent").withOptional(true).endConfigMapRef().build()));
        assertTrue(env.resolve(pod(optional), optional, null, null).ok());

        Container required = container(List.of(), List.of(
                new EnvFromSourceBuilder().withNewSecretRef().withName("absent").endSecretRef().build()));
        Outcome<List<EnvVar>> out = env.resolve(pod(required), required, null, null);
        assertEquals("CreateContainerConfigError", out.reason());
        assertEquals("secret \"absent\" not found", out.message());
    }

    @Test
    void aConfigMapIsReadOncePerResolution() {
        sources.configMap("default", "cfg", Map.of("a", "1", "b", "2"));
        Container c = container(List.of(
                new EnvVarBuilder().withName("A").withNewValueFrom().withNewConfigMapKeyRef("a", "cfg", null).endValueFrom().build(),
                new EnvVarBuilder().withName("B").withNewValueFrom().withNewConfigMapKeyRef("b", "cfg", null).endValueFrom().build()),
                List.of(new EnvFromSourceBuilder().withNewConfigMapRef().withName("cfg").endConfigMapRef().build()));
        resolve(pod(c), c);
        assertEquals(1, sources.configMapReads);
    }

    @Test
    void fieldRefsGiveThePodsFields() {
        Container c = container(List.of(field("POD_NAME", "metadata.name"), field("POD_NS", "metadata.namespace"),
                field("POD_UID", "metadata.uid"), field("NODE", "spec.nodeName"), field("SA", "spec.serviceAccountName"),
                field("POD_IP", "status.podIP"), field("HOST_IP", "status.hostIP"),
                field("APP", "metadata.labels['app']"), field("NOTE", "metadata.annotations['note']")), List.of());
        Pod pod = pod(c);

        Map<String, String> vars = toMap(env.resolve(pod, c, "10.42.0.7", "192.168.1.10").value());

        assertEquals("reader", vars.get("POD_NAME"));
        assertEquals("default", vars.get("POD_NS"));
        assertEquals("uid-1", vars.get("POD_UID"));
        assertEquals("node-1", vars.get("NODE"));
        assertEquals("default", vars.get("SA"));
        assertEquals("10.42.0.7", vars.get("POD_IP"));
        assertEquals("192.168.1.10", vars.get("HOST_IP"));
        assertEquals("web", vars.get("APP"));
        assertEquals("hi", vars.get("NOTE"));

        Container bad = container(List.of(field("X", "spec.containers")), List.of());
        assertEquals("unsupported fieldPath: spec.containers", env.resolve(pod, bad, null, null).message());
    }

    @Test
    void resourceFieldRefsUseTheLimitOrTheNodesAllocatable() {
        Container c = new ContainerBuilder().withName("app").withImage("busybox:local")
                .withNewResources().addToLimits("memory", new Quantity("64Mi")).endResources()
                .withEnv(resource("MEM", "limits.memory", "1Mi"), resource("CPU", "limits.cpu", "1m"),
                        resource("REQ_MEM", "requests.memory", "1Mi"))
                .build();

        Map<String, String> vars = resolve(pod(c), c);

        assertEquals("64", vars.get("MEM"));
        assertEquals("2000", vars.get("CPU"), "no CPU limit: the node's allocatable");
        assertEquals("64", vars.get("REQ_MEM"), "no request: the limit");
    }

    @Test
    void serviceLinksDescribeEveryServiceOfTheNamespaceAndTheApiServer() {
        sources.service("default", "kubernetes", "10.96.0.1", port("https", 443, "TCP"));
        sources.service("shop", "redis-primary", "10.96.0.20", port(null, 6379, null));
        sources.service("shop", "web", "10.96.0.30", port("http", 80, "TCP"), port("dns", 53, "UDP"));
        sources.service("shop", "headless", "None", port(null, 80, null));
        sources.service("other", "elsewhere", "10.96.0.40", port(null, 80, null));
        Container c = container(List.of(var("WEB_SERVICE_HOST", "mine")), List.of());
        Pod pod = pod(c);
        pod.getMetadata().setNamespace("shop");

        Outcome<List<EnvVar>> out = env.resolve(pod, c, null, null);
        Map<String, String> vars = toMap(out.value());

        assertEquals("10.96.0.1", vars.get("KUBERNETES_SERVICE_HOST"));
        assertEquals("443", vars.get("KUBERNETES_SERVICE_PORT"));
        assertEquals("443", vars.get("KUBERNETES_SERVICE_PORT_HTTPS"));
        assertEquals("tcp://10.96.0.1:443", vars.get("KUBERNETES_PORT"));
        assertEquals("tcp://10.96.0.1:443", vars.get("KUBERNETES_PORT_443_TCP"));
        assertEquals("tcp", vars.get("KUBERNETES_PORT_443_TCP_PROTO"));
        assertEquals("443", vars.get("KUBERNETES_PORT_443_TCP_PORT"));
        assertEquals("10.96.0.1", vars.get("KUBERNETES_PORT_443_TCP_ADDR"));
        assertEquals("10.96.0.20", vars.get("REDIS_PRIMARY_SERVICE_HOST"));
        assertEquals("6379", vars.get("REDIS_PRIMARY_SERVICE_PORT"));
        assertEquals("udp://10.96.0.30:53", vars.get("WEB_PORT_53_UDP"));
        assertEquals("53", vars.get("WEB_SERVICE_PORT_DNS"));
        assertEquals("mine", vars.get("WEB_SERVICE_HOST"), "the container's own env wins");
        assertFalse(vars.containsKey("HEADLESS_SERVICE_HOST"));
        assertFalse(vars.containsKey("ELSEWHERE_SERVICE_HOST"));
        assertEquals(1, out.value().stream().filter(v -> v.name().equals("WEB_SERVICE_HOST")).count());
        assertEquals("WEB_SERVICE_HOST", out.value().get(out.value().size() - 1).name(), "env comes after service links");
    }

    @Test
    void disabledServiceLinksStillGiveTheApiServer() {
        sources.service("default", "kubernetes", "10.96.0.1", port("https", 443, "TCP"));
        sources.service("shop", "web", "10.96.0.30", port("http", 80, "TCP"));
        Container c = container(List.of(var("LINK", "$(WEB_SERVICE_HOST)")), List.of());
        Pod pod = pod(c);
        pod.getMetadata().setNamespace("shop");
        pod.getSpec().setEnableServiceLinks(false);

        Map<String, String> vars = resolve(pod, c);

        assertEquals("10.96.0.1", vars.get("KUBERNETES_SERVICE_HOST"));
        assertFalse(vars.containsKey("WEB_SERVICE_HOST"));
        assertEquals("$(WEB_SERVICE_HOST)", vars.get("LINK"));
    }

    @Test
    void serviceLinksAreVisibleToExpansion() {
        sources.service("default", "kubernetes", "10.96.0.1", port("https", 443, "TCP"));
        Container c = container(List.of(var("API", "https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)")), List.of());
        assertEquals("https://10.96.0.1:443", resolve(pod(c), c).get("API"));
    }

    // ---- fixtures ---------------------------------------------------------------------------------

    private void assertFails(String message, io.fabric8.kubernetes.api.model.EnvVar var) {
        Container c = container(List.of(var), List.of());
        Outcome<List<EnvVar>> out = env.resolve(pod(c), c, null, null);
        assertEquals("CreateContainerConfigError", out.reason());
        assertEquals(message, out.message());
    }

    private Map<String, String> resolve(Pod pod, Container c) {
        Outcome<List<EnvVar>> out = env.resolve(pod, c, "10.42.0.7", "192.168.1.10");
        assertTrue(out.ok(), out.message());
        return toMap(out.value());
    }

    private static Map<String, String> toMap(List<EnvVar> vars) {
        Map<String, String> map = new LinkedHashMap<>();
        vars.forEach(v -> map.put(v.name(), v.value()));
        return map;
    }

    static Pod pod(Container c) {
        return new PodBuilder().withNewMetadata().withName("reader").withNamespace("default").withUid("uid-1")
                .withLabels(Map.of("app", "web")).withAnnotations(Map.of("note", "hi")).endMetadata()
                .withNewSpec().withNodeName("node-1").withServiceAccountName("default").withContainers(c).endSpec().build();
    }

    static Container container(List<io.fabric8.kubernetes.api.model.EnvVar> env,
                               List<io.fabric8.kubernetes.api.model.EnvFromSource> envFrom) {
        return new ContainerBuilder().withName("app").withImage("busybox:local").withEnv(env).withEnvFrom(envFrom).build();
    }

    static io.fabric8.kubernetes.api.model.EnvVar var(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    static io.fabric8.kubernetes.api.model.EnvVar field(String name, String path) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(path).endFieldRef()
                .endValueFrom().build();
    }

    static io.fabric8.kubernetes.api.model.EnvVar resource(String name, String resource, String divisor) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewResourceFieldRef().withResource(resource)
                .withDivisor(new Quantity(divisor)).endResourceFieldRef().endValueFrom().build();
    }

    static ServicePort port(String name, int port, String protocol) {
        return new ServicePortBuilder().withName(name).withPort(port).withProtocol(protocol).build();
    }
}
