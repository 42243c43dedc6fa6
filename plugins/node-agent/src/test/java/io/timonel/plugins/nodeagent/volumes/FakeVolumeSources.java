package io.timonel.plugins.nodeagent.volumes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** In-memory {@link VolumeSources}: tests put objects in and count token requests. */
final class FakeVolumeSources implements VolumeSources {
    final Map<String, ConfigMap> configMaps = new HashMap<>();
    final Map<String, Secret> secrets = new HashMap<>();
    final Map<String, PersistentVolumeClaim> claims = new HashMap<>();
    final Map<String, PersistentVolume> volumes = new HashMap<>();
    boolean tokensServed = true;
    int tokenRequests;
    Clock clock = Clock.systemUTC();

    FakeVolumeSources put(ConfigMap cm) {
        configMaps.put(cm.getMetadata().getNamespace() + "/" + cm.getMetadata().getName(), cm);
        return this;
    }

    FakeVolumeSources put(Secret s) {
        secrets.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), s);
        return this;
    }

    FakeVolumeSources put(PersistentVolumeClaim c) {
        claims.put(c.getMetadata().getNamespace() + "/" + c.getMetadata().getName(), c);
        return this;
    }

    FakeVolumeSources put(PersistentVolume v) {
        volumes.put(v.getMetadata().getName(), v);
        return this;
    }

    @Override
    public Optional<ConfigMap> configMap(String namespace, String name) {
        return Optional.ofNullable(configMaps.get(namespace + "/" + name));
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
        return Optional.ofNullable(secrets.get(namespace + "/" + name));
    }

    @Override
    public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
        return Optional.ofNullable(claims.get(namespace + "/" + name));
    }

    @Override
    public Optional<PersistentVolume> persistentVolume(String name) {
        return Optional.ofNullable(volumes.get(name));
    }

    @Override
    public Optional<Token> serviceAccountToken(Pod pod, String serviceAccount, String audience, long expirationSeconds) {
        tokenRequests++;
        if (!tokensServed) {
            return Optional.empty();
        }
        return Optional.of(new Token("token-" + tokenRequests + "-for-" + serviceAccount + "-" + audience,
                clock.instant().plusSeconds(expirationSeconds)));
    }
}
