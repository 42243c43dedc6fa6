package io.timonel.plugins.ingress.routing;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackendBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import java.util.ArrayList;
import java.util.List;

/** Test fixtures: Ingresses written the way a manifest reads. */
public final class Ingresses {
    private final IngressBuilder builder;
    private final List<IngressRule> rules = new ArrayList<>();

    private Ingresses(String namespace, String name, String created) {
        builder = new IngressBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .withCreationTimestamp(created).endMetadata().withNewSpec().endSpec();
    }

    public static Ingresses ingress(String name) {
        return new Ingresses("default", name, "2026-01-01T00:00:00Z");
    }

    public Ingresses createdAt(String timestamp) {
        builder.editMetadata().withCreationTimestamp(timestamp).endMetadata();
        return this;
    }

    public Ingresses inNamespace(String namespace) {
        builder.editMetadata().withNamespace(namespace).endMetadata();
        return this;
    }

    public Ingresses rule(String host, HTTPIngressPath... paths) {
        rules.add(new IngressRuleBuilder().withHost(host).withNewHttp().withPaths(paths).endHttp().build());
        return this;
    }

    public Ingresses defaultBackend(String service, int port) {
        builder.editSpec().withDefaultBackend(service(service, port)).endSpec();
        return this;
    }

    public Ingresses className(String className) {
        builder.editSpec().withIngressClassName(className).endSpec();
        return this;
    }

    public Ingresses tls(String secret, String... hosts) {
        builder.editSpec().addNewTl().withSecretName(secret).withHosts(hosts).endTl().endSpec();
        return this;
    }

    public Ingress build() {
        Ingress ingress = builder.build();
        ingress.getSpec().setRules(new ArrayList<>(rules));
        return ingress;
    }

    public static HTTPIngressPath prefix(String path, String service, int port) {
        return path("Prefix", path, service(service, port));
    }

    public static HTTPIngressPath exact(String path, String service, int port) {
        return path("Exact", path, service(service, port));
    }

    public static HTTPIngressPath implementationSpecific(String path, String service, int port) {
        return path("ImplementationSpecific", path, service(service, port));
    }

    public static HTTPIngressPath prefixToNamedPort(String path, String service, String port) {
        return path("Prefix", path, new IngressBackendBuilder().withNewService().withName(service).withNewPort()
                .withName(port).endPort().endService().build());
    }

    private static HTTPIngressPath path(String type, String path, IngressBackend backend) {
        return new HTTPIngressPathBuilder().withPath(path).withPathType(type).withBackend(backend).build();
    }

    static IngressBackend service(String service, int port) {
        return new IngressBackendBuilder().withNewService().withName(service).withNewPort().withNumber(port)
                .endPort().endService().build();
    }
}
