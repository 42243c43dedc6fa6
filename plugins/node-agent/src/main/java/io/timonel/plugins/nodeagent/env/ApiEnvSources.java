package io.timonel.plugins.nodeagent.env;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;
import java.util.Optional;

/**
 * {@link EnvSources} from the API server: ConfigMaps and Secrets with a GET at each call (only
 * the few a container names), Services from an informer's cache once it has synced, as the
 * kubelet's service lister (every container start needs every Service of two namespaces; until
 * the first listing arrived, a LIST answers).
 */
public final class ApiEnvSources implements EnvSources {
    private final KubernetesClient client;
    private final SharedIndexInformer<Service> services;

    /** Reads everything with GET and LIST at each call. */
    public ApiEnvSources(KubernetesClient client) {
        this(client, null);
    }

    /** @param services an informer on the Services of every namespace (started by the caller), or null */
    public ApiEnvSources(KubernetesClient client, SharedIndexInformer<Service> services) {
        this.client = client;
        this.services = services;
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
        SharedIndexInformer<Service> informer = services;
        if (informer != null && informer.hasSynced()) {
            return List.copyOf(informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace));
        }
        return client.services().inNamespace(namespace).list().getItems();
    }
}
