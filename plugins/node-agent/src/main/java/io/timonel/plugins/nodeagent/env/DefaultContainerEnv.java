package io.timonel.plugins.nodeagent.env;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.timonel.plugins.nodeagent.Outcome;
import io.timonel.spi.runtime.ContainerConfig.EnvVar;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@link ContainerEnv} as the kubelet builds it. {@code envFrom} sources are applied in order (a
 * later source overrides an earlier one; keys that are not valid variable names are skipped and
 * reported as {@code InvalidEnvironmentVariableNames}); then {@code env} entries in order, each
 * overriding, a {@code value} expanded against the variables defined so far and the service
 * links; service-link variables that neither defined come first in the result.
 * A failure is {@code CreateContainerConfigError} with the kubelet's message, e.g.
 * {@code configmap "x" not found} or {@code couldn't find key k in ConfigMap ns/x}.
 */
public final class DefaultContainerEnv implements ContainerEnv {
    public static final String CONFIG_ERROR = "CreateContainerConfigError";

    private final EnvSources sources;
    private final Supplier<Map<String, Quantity>> allocatable;
    private final EnvWarnings warnings;

    /**
     * @param sources     ConfigMaps, Secrets and Services
     * @param allocatable the node's allocatable resources (the limit of containers that set none)
     * @param warnings    where invalid envFrom keys are reported
     */
    public DefaultContainerEnv(EnvSources sources, Supplier<Map<String, Quantity>> allocatable, EnvWarnings warnings) {
        this.sources = sources;
        this.allocatable = allocatable;
        this.warnings = warnings;
    }

    @Override
    public Outcome<List<EnvVar>> resolve(Pod pod, Container container, String podIp, String hostIp) {
        try {
            return build(pod, container, podIp, hostIp);
        } catch (RuntimeException e) {
            return Outcome.failed(CONFIG_ERROR, String.valueOf(e.getMessage()));
        }
    }

    private Outcome<List<EnvVar>> build(Pod pod, Container container, String podIp, String hostIp) {
        String namespace = pod.getMetadata().getNamespace();
        Map<String, String> serviceEnv = new LinkedHashMap<>();
        for (EnvVar v : ServiceLinks.of(services(pod))) {
            serviceEnv.put(v.name(), v.value());
        }
        Lookups lookups = new Lookups(namespace);
        Map<String, String> defined = new LinkedHashMap<>();

        for (EnvFromSource from : list(container.getEnvFrom())) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            Map<String, String> values;
            String kind;
            String name;
            if (from.getConfigMapRef() != null) {
                kind = "configMap";
                name = from.getConfigMapRef().getName();
                Optional<ConfigMap> cm = lookups.configMap(name);
                if (cm.isEmpty()) {
                    if (Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                        continue;
                    }
                    return Outcome.failed(CONFIG_ERROR, "configmap \"" + name + "\" not found");
                }
                values = cm.get().getData() == null ? Map.of() : cm.get().getData();
            } else if (from.getSecretRef() != null) {
                kind = "secret";
                name = from.getSecretRef().getName();
                Optional<Secret> secret = lookups.secret(name);
                if (secret.isEmpty()) {
                    if (Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                        continue;
                    }
                    return Outcome.failed(CONFIG_ERROR, "secret \"" + name + "\" not found");
                }
                values = new LinkedHashMap<>();
                for (Map.Entry<String, byte[]> e : SecretData.of(secret.get()).entrySet()) {
                    values.put(e.getKey(), new String(e.getValue(), StandardCharsets.UTF_8));
                }
            } else {
                continue;
            }
            TreeSet<String> invalid = new TreeSet<>();
            // data maps come back sorted from the API; keep that order for a stable environment
            new java.util.TreeMap<>(values).forEach((key, value) -> {
                String variable = prefix + key;
                if (EnvVarNames.valid(variable)) {
                    defined.put(variable, value == null ? "" : value);
                } else {
                    invalid.add(variable);
                }
            });
            if (!invalid.isEmpty()) {
                warnings.warn(pod, "InvalidEnvironmentVariableNames", "Keys [" + String.join(", ", invalid)
                        + "] from the EnvFrom " + kind + " " + namespace + "/" + name
                        + " were skipped since they are considered invalid environment variable names.");
            }
        }

        for (io.fabric8.kubernetes.api.model.EnvVar env : list(container.getEnv())) {
            String value = env.getValue() == null ? "" : env.getValue();
            EnvVarSource from = env.getValueFrom();
            if (!value.isEmpty()) {
                value = Expansion.expand(value, v -> defined.containsKey(v) ? defined.get(v) : serviceEnv.get(v));
            } else if (from != null) {
                Outcome<String> resolved = valueFrom(pod, container, from, podIp, hostIp, lookups);
                if (!resolved.ok()) {
                    return Outcome.failed(resolved.reason(), resolved.message());
                }
                if (resolved.value() == null) {
                    continue; // an optional source that is missing defines nothing
                }
                value = resolved.value();
            }
            defined.put(env.getName(), value);
        }

        List<EnvVar> out = new ArrayList<>();
        serviceEnv.forEach((k, v) -> {
            if (!defined.containsKey(k)) {
                out.add(new EnvVar(k, v));
            }
        });
        defined.forEach((k, v) -> out.add(new EnvVar(k, v)));
        return Outcome.of(out);
    }

    /** The value of one {@code valueFrom}; a null value means "optional and missing: leave the variable out". */
    private Outcome<String> valueFrom(Pod pod, Container container, EnvVarSource from, String podIp, String hostIp,
                                      Lookups lookups) {
        if (from.getFieldRef() != null) {
            String path = from.getFieldRef().getFieldPath();
            return PodFields.value(pod, path, podIp, hostIp).map(Outcome::of)
                    .orElseGet(() -> Outcome.failed(CONFIG_ERROR, "unsupported fieldPath: " + path));
        }
        if (from.getResourceFieldRef() != null) {
            ResourceFieldSelector ref = from.getResourceFieldRef();
            Container target = container;
            if (ref.getContainerName() != null && !ref.getContainerName().isEmpty()) {
                target = findContainer(pod, ref.getContainerName());
                if (target == null) {
                    return Outcome.failed(CONFIG_ERROR, "container " + ref.getContainerName() + " not found");
                }
            }
            return ResourceFields.value(target, ref, allocatable.get()).map(Outcome::of)
                    .orElseGet(() -> Outcome.failed(CONFIG_ERROR, "unsupported container resource : " + ref.getResource()));
        }
        if (from.getConfigMapKeyRef() != null) {
            ConfigMapKeySelector ref = from.getConfigMapKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Optional<ConfigMap> cm = lookups.configMap(ref.getName());
            if (cm.isEmpty()) {
                return optional ? Outcome.of(null)
                        : Outcome.failed(CONFIG_ERROR, "configmap \"" + ref.getName() + "\" not found");
            }
            Map<String, String> data = cm.get().getData();
            if (data == null || !data.containsKey(ref.getKey())) {
                return optional ? Outcome.of(null) : Outcome.failed(CONFIG_ERROR, "couldn't find key " + ref.getKey()
                        + " in ConfigMap " + lookups.namespace + "/" + ref.getName());
            }
            return Outcome.of(data.get(ref.getKey()) == null ? "" : data.get(ref.getKey()));
        }
        if (from.getSecretKeyRef() != null) {
            SecretKeySelector ref = from.getSecretKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Optional<Secret> secret = lookups.secret(ref.getName());
            if (secret.isEmpty()) {
                return optional ? Outcome.of(null)
                        : Outcome.failed(CONFIG_ERROR, "secret \"" + ref.getName() + "\" not found");
            }
            byte[] value = SecretData.of(secret.get()).get(ref.getKey());
            if (value == null) {
                return optional ? Outcome.of(null) : Outcome.failed(CONFIG_ERROR, "couldn't find key " + ref.getKey()
                        + " in Secret " + lookups.namespace + "/" + ref.getName());
            }
            return Outcome.of(new String(value, StandardCharsets.UTF_8));
        }
        return Outcome.of("");
    }

    private List<Service> services(Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        boolean links = pod.getSpec() == null || pod.getSpec().getEnableServiceLinks() == null
                || pod.getSpec().getEnableServiceLinks();
        List<Service> own = links ? sources.services(namespace) : List.of();
        List<Service> master = ServiceLinks.MASTER_NAMESPACE.equals(namespace) && links
                ? own : sources.services(ServiceLinks.MASTER_NAMESPACE);
        return ServiceLinks.visibleTo(namespace, links, own, master);
    }

    private static Container findContainer(Pod pod, String name) {
        if (pod.getSpec() == null) {
            return null;
        }
        for (List<Container> group : List.of(list(pod.getSpec().getContainers()), list(pod.getSpec().getInitContainers()))) {
            for (Container c : group) {
                if (name.equals(c.getName())) {
                    return c;
                }
            }
        }
        return null;
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** ConfigMaps and Secrets read once per resolution, as the kubelet caches them per container start. */
    private final class Lookups {
        final String namespace;
        final Map<String, Optional<ConfigMap>> configMaps = new HashMap<>();
        final Map<String, Optional<Secret>> secrets = new HashMap<>();

        Lookups(String namespace) {
            this.namespace = namespace;
        }

        Optional<ConfigMap> configMap(String name) {
            return configMaps.computeIfAbsent(name, n -> sources.configMap(namespace, n));
        }

        Optional<Secret> secret(String name) {
            return secrets.computeIfAbsent(name, n -> sources.secret(namespace, n));
        }
    }
}
