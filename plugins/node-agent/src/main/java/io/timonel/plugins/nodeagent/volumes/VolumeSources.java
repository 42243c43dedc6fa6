package io.timonel.plugins.nodeagent.volumes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the objects behind a pod's volumes come from. Empty means the object does not exist; any
 * other failure to read it is thrown (a {@code RuntimeException}, e.g. the client's) and the
 * caller reports it as a failed mount.
 */
public interface VolumeSources {

    Optional<ConfigMap> configMap(String namespace, String name);

    Optional<Secret> secret(String namespace, String name);

    Optional<PersistentVolumeClaim> claim(String namespace, String name);

    Optional<PersistentVolume> persistentVolume(String name);

    /**
     * A token for the pod's service account, bound to the pod, from the TokenRequest API
     * ({@code serviceaccounts/<name>/token}); empty when the API server does not serve it.
     * A missing service account is thrown.
     *
     * @param audience          the intended audience, or empty for the API server's
     * @param expirationSeconds the requested lifetime
     */
    Optional<Token> serviceAccountToken(Pod pod, String serviceAccount, String audience, long expirationSeconds);

    /** A token and when it expires. */
    record Token(String value, Instant expires) {
        @Override
        public String toString() {
            return "Token[expires " + expires + "]";
        }
    }
}
