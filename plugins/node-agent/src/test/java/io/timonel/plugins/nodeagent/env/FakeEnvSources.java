package io.timonel.plugins.nodeagent.env;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** In-memory {@link EnvSources}. */
final class FakeEnvSources implements EnvSources {
    final Map<String, ConfigMap> configMaps = new HashMap<>();
    final Map<String, Secret> secrets = new HashMap<>();
    final List<Service> services = new ArrayList<>();
    int configMapReads;

    FakeEnvSources configMap(String ns, String name, Map<String, String> data) {
        configMaps.put(ns + "/" + name, new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .endMetadata().withData(data).build());
        return this;
    }

    FakeEnvSources secret(String ns, String name, Map<String, String> plain) {
        Map<String, String> data = new HashMap<>();
        plain.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        secrets.put(ns + "/" + name, new SecretBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .endMetadata().withData(data).build());
        return this;
    }

    FakeEnvSources service(String ns, String name, String clusterIp, ServicePort... ports) {
        services.add(new ServiceBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withClusterIP(clusterIp).withPorts(ports).endSpec().build());
        return this;
    }

    @Override
    public Optional<ConfigMap> configMap(String namespace, String name) {
        configMapReads++;
        return Optional.ofNullable(configMaps.get(namespace + "/" + name));
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
        return Optional.ofNullable(secrets.get(namespace + "/" + name));
    }

    @Override
    public List<Service> services(String namespace) {
        return services.stream().filter(s -> s.getMetadata().getNamespace().equals(namespace)).toList();
    }
}
