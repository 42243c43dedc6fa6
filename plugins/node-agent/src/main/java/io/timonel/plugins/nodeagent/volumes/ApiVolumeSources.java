package io.timonel.plugins.nodeagent.volumes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** {@link VolumeSources} read from the API server at each call, through the fabric8 client. */
public final class ApiVolumeSources implements VolumeSources {
    private final KubernetesClient client;

    public ApiVolumeSources(KubernetesClient client) {
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
    public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
        return Optional.ofNullable(client.persistentVolumeClaims().inNamespace(namespace).withName(name).get());
    }

    @Override
    public Optional<PersistentVolume> persistentVolume(String name) {
        return Optional.ofNullable(client.persistentVolumes().withName(name).get());
    }

    @Override
    public Optional<Token> serviceAccountToken(Pod pod, String serviceAccount, String audience, long expirationSeconds) {
        String namespace = pod.getMetadata().getNamespace();
        TokenRequest request = new TokenRequestBuilder()
                .withNewSpec()
                .withAudiences(audience == null || audience.isEmpty() ? List.of() : List.of(audience))
                .withExpirationSeconds(expirationSeconds)
                .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod")
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endBoundObjectRef()
                .endSpec().build();
        try {
            TokenRequest issued = client.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
                    .tokenRequest(request);
            String expires = issued.getStatus() == null ? null : issued.getStatus().getExpirationTimestamp();
            return Optional.of(new Token(issued.getStatus().getToken(),
                    expires == null ? Instant.now().plusSeconds(expirationSeconds) : OffsetDateTime.parse(expires).toInstant()));
        } catch (KubernetesClientException e) {
            boolean unserved = e.getCode() == 404 || e.getCode() == 405;
            if (!unserved) {
                throw e;
            }
            // 404 is also what a missing service account gives: tell the two apart
            if (client.serviceAccounts().inNamespace(namespace).withName(serviceAccount).get() == null) {
                throw new KubernetesClientException("serviceaccounts \"" + serviceAccount + "\" not found", 404, null);
            }
            return Optional.empty();
        }
    }
}
