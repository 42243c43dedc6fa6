package io.timonel.plugins.nodeagent.env;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/** {@link EnvSources} read from the API server at each call (GET and LIST through the client). */
public final class ApiEnvSources implements EnvSources {
    private final KubernetesClient client;

    public ApiEnvSources(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Optional<ConfigMap> configMap(String namespace, String name) {
        return Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get());
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
        return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
    }

    @Override
    public List<Service> services(String namespace) {
        return client.services().inNamespace(namespace).list().getItems();
    }
}
