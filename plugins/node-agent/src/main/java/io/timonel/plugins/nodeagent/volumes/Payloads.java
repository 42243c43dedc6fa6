package io.timonel.plugins.nodeagent.volumes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.timonel.plugins.nodeagent.Outcome;
import io.timonel.plugins.nodeagent.env.PodFields;
import io.timonel.plugins.nodeagent.env.ResourceFields;
import io.timonel.plugins.nodeagent.env.SecretData;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The files of the API-data volumes (configMap, secret, downwardAPI, projected) as the kubelet
 * computes them: every key (or the listed {@code items}, each with its path and mode), with
 * {@code defaultMode} 0644 unless set; a missing, non-optional object or key is an error with the
 * kubelet's message ({@code configmap "x" not found},
 * {@code configmap references non-existent config key: k}).
 */
final class Payloads {
    static final int DEFAULT_MODE = 0644;
    static final String ROOT_CA = "kube-root-ca.crt";
    private static final long DEFAULT_TOKEN_SECONDS = 3600;

    private final VolumeSources sources;
    private final ServiceAccountTokens tokens;
    private final Supplier<Map<String, Quantity>> allocatable;
    private final String rootCaPem;

    Payloads(VolumeSources sources, ServiceAccountTokens tokens, Supplier<Map<String, Quantity>> allocatable,
             String rootCaPem) {
        this.sources = sources;
        this.tokens = tokens;
        this.allocatable = allocatable;
        this.rootCaPem = rootCaPem;
    }

    /** The files of {@code volume}, or the error; {@code volume} is one of the four kinds. */
    Outcome<Map<String, FileContent>> of(Pod pod, Volume volume) {
        if (volume.getConfigMap() != null) {
            var src = volume.getConfigMap();
            return configMap(pod, src.getName(), src.getItems(), Boolean.TRUE.equals(src.getOptional()),
                    mode(src.getDefaultMode()));
        }
        if (volume.getSecret() != null) {
            var src = volume.getSecret();
            return secret(pod, src.getSecretName(), src.getItems(), Boolean.TRUE.equals(src.getOptional()),
                    mode(src.getDefaultMode()));
        }
        if (volume.getDownwardAPI() != null) {
            var src = volume.getDownwardAPI();
            return downwardApi(pod, src.getItems(), mode(src.getDefaultMode()));
        }
        if (volume.getProjected() != null) {
            return projected(pod, volume.getProjected().getSources(), mode(volume.getProjected().getDefaultMode()));
        }
        throw new IllegalArgumentException("volume " + volume.getName() + " holds no API data");
    }

    static boolean holdsApiData(Volume v) {
        return v.getConfigMap() != null || v.getSecret() != null || v.getDownwardAPI() != null || v.getProjected() != null;
    }

    private Outcome<Map<String, FileContent>> configMap(Pod pod, String name, List<KeyToPath> items, boolean optional,
                                                        int defaultMode) {
        Optional<ConfigMap> found = configMapOrRootCa(pod.getMetadata().getNamespace(), name);
        if (found.isEmpty()) {
            return optional ? Outcome.of(Map.of()) : failed("configmap \"" + name + "\" not found");
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        ConfigMap cm = found.get();
        if (cm.getData() != null) {
            cm.getData().forEach((k, v) -> data.put(k, (v == null ? "" : v).getBytes(StandardCharsets.UTF_8)));
        }
        if (cm.getBinaryData() != null) {
            cm.getBinaryData().forEach((k, v) -> data.put(k, v == null ? new byte[0] : Base64.getMimeDecoder().decode(v)));
        }
        return project(data, items, optional, defaultMode, "configmap references non-existent config key: ");
    }

    private Outcome<Map<String, FileContent>> secret(Pod pod, String name, List<KeyToPath> items, boolean optional,
                                                     int defaultMode) {
        Optional<Secret> found = sources.secret(pod.getMetadata().getNamespace(), name);
        if (found.isEmpty()) {
            return optional ? Outcome.of(Map.of()) : failed("secret \"" + name + "\" not found");
        }
        return project(SecretData.of(found.get()), items, optional, defaultMode,
                "references non-existent secret key: ");
    }

    private static Outcome<Map<String, FileContent>> project(Map<String, byte[]> data, List<KeyToPath> items,
                                                             boolean optional, int defaultMode, String missingKey) {
        Map<String, FileContent> files = new LinkedHashMap<>();
        if (items == null || items.isEmpty()) {
            data.forEach((k, v) -> files.put(k, new FileContent(v, defaultMode)));
            return Outcome.of(files);
        }
        for (KeyToPath item : items) {
            byte[] value = data.get(item.getKey());
            if (value == null) {
                if (optional) {
                    continue;
                }
                return failed(missingKey + item.getKey());
            }
            files.put(item.getPath(), new FileContent(value, item.getMode() == null ? defaultMode : item.getMode()));
        }
        return Outcome.of(files);
    }

    private Outcome<Map<String, FileContent>> downwardApi(Pod pod, List<DownwardAPIVolumeFile> items, int defaultMode) {
        Map<String, FileContent> files = new LinkedHashMap<>();
        String podIp = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        String hostIp = pod.getStatus() == null ? null : pod.getStatus().getHostIP();
        for (DownwardAPIVolumeFile item : items == null ? List.<DownwardAPIVolumeFile>of() : items) {
            int mode = item.getMode() == null ? defaultMode : item.getMode();
            if (item.getFieldRef() != null) {
                String path = item.getFieldRef().getFieldPath();
                Optional<String> value = PodFields.value(pod, path, podIp, hostIp);
                if (value.isEmpty()) {
                    return failed("unsupported fieldPath: " + path);
                }
                files.put(item.getPath(), FileContent.text(value.get(), mode));
            } else if (item.getResourceFieldRef() != null) {
                var ref = item.getResourceFieldRef();
                Container container = container(pod, ref.getContainerName());
                if (container == null) {
                    return failed("container " + ref.getContainerName() + " not found");
                }
                Optional<String> value = ResourceFields.value(container, ref, allocatable.get());
                if (value.isEmpty()) {
                    return failed("unsupported container resource : " + ref.getResource());
                }
                files.put(item.getPath(), FileContent.text(value.get(), mode));
            }
        }
        return Outcome.of(files);
    }

    private Outcome<Map<String, FileContent>> projected(Pod pod, List<VolumeProjection> projections, int defaultMode) {
        Map<String, FileContent> files = new LinkedHashMap<>();
        for (VolumeProjection p : projections == null ? List.<VolumeProjection>of() : projections) {
            Outcome<Map<String, FileContent>> part;
            if (p.getConfigMap() != null) {
                part = configMap(pod, p.getConfigMap().getName(), p.getConfigMap().getItems(),
                        Boolean.TRUE.equals(p.getConfigMap().getOptional()), defaultMode);
            } else if (p.getSecret() != null) {
                part = secret(pod, p.getSecret().getName(), p.getSecret().getItems(),
                        Boolean.TRUE.equals(p.getSecret().getOptional()), defaultMode);
            } else if (p.getDownwardAPI() != null) {
                part = downwardApi(pod, p.getDownwardAPI().getItems(), defaultMode);
            } else if (p.getServiceAccountToken() != null) {
                ServiceAccountTokenProjection t = p.getServiceAccountToken();
                long seconds = t.getExpirationSeconds() == null ? DEFAULT_TOKEN_SECONDS : t.getExpirationSeconds();
                String token = tokens.token(pod, t.getAudience() == null ? "" : t.getAudience(), seconds);
                part = Outcome.of(Map.of(t.getPath(), FileContent.text(token, defaultMode)));
            } else {
                return failed("projected volume source is not supported by this node agent (clusterTrustBundle)");
            }
            if (!part.ok()) {
                return part;
            }
            files.putAll(part.value());
        }
        return Outcome.of(files);
    }

    /**
     * A ConfigMap; {@code kube-root-ca.crt}, which nothing may have published in this cluster,
     * falls back to the CA the agent trusts (what the root CA publisher would have written).
     */
    private Optional<ConfigMap> configMapOrRootCa(String namespace, String name) {
        Optional<ConfigMap> found = sources.configMap(namespace, name);
        if (found.isEmpty() && ROOT_CA.equals(name) && rootCaPem != null) {
            return Optional.of(new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                    .endMetadata().addToData("ca.crt", rootCaPem).build());
        }
        return found;
    }

    private static Container container(Pod pod, String name) {
        if (name == null || pod.getSpec() == null) {
            return null;
        }
        for (List<Container> group : List.of(orEmpty(pod.getSpec().getContainers()), orEmpty(pod.getSpec().getInitContainers()))) {
            for (Container c : group) {
                if (name.equals(c.getName())) {
                    return c;
                }
            }
        }
        return null;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static int mode(Integer mode) {
        return mode == null ? DEFAULT_MODE : mode;
    }

    private static Outcome<Map<String, FileContent>> failed(String message) {
        return Outcome.failed(DefaultPodVolumes.FAILED_MOUNT, message);
    }
}
