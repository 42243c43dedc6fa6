package io.timonel.plugins.nodeagent.env;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Optional;

/**
 * Where the objects an environment refers to come from. Empty means the object does not exist;
 * any other failure to read it is thrown (a {@code RuntimeException}, e.g. the client's), and the
 * caller reports it as the container's configuration error.
 */
public interface EnvSources {

    Optional<ConfigMap> configMap(String namespace, String name);

    Optional<Secret> secret(String namespace, String name);

    /** Every Service of {@code namespace}. */
    List<Service> services(String namespace);
}
