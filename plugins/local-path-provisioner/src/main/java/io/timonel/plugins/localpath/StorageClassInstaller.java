package io.timonel.plugins.localpath;

import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;

/**
 * Installs the provisioner's StorageClass when absent: provisioner {@code timonel.io/local-path},
 * {@code volumeBindingMode: WaitForFirstConsumer} (the volume lives on one node, so the pod
 * chooses it), {@code reclaimPolicy: Delete}, and the default class of the cluster when no other
 * class is. An existing class of that name is left as it is (an administrator's edits stay).
 */
final class StorageClassInstaller {

    private StorageClassInstaller() {
    }

    /** The class to create given the classes there are, or null when it exists already. */
    static StorageClass desired(Settings settings, List<StorageClass> existing) {
        if (existing.stream().anyMatch(c -> settings.storageClass().equals(c.getMetadata().getName()))) {
            return null;
        }
        boolean otherDefault = existing.stream().anyMatch(Provisioning::isDefault);
        StorageClassBuilder sc = new StorageClassBuilder()
                .withNewMetadata().withName(settings.storageClass()).endMetadata()
                .withProvisioner(Settings.PROVISIONER)
                .withVolumeBindingMode("WaitForFirstConsumer")
                .withReclaimPolicy("Delete");
        if (settings.makeDefault() && !otherDefault) {
            sc.editMetadata().addToAnnotations(Provisioning.DEFAULT_CLASS, "true").endMetadata();
        }
        return sc.build();
    }

    /** Creates the class if needed; a concurrent creation (409) counts as done. */
    static void install(KubernetesClient client, Settings settings) {
        StorageClass wanted = desired(settings, client.storage().v1().storageClasses().list().getItems());
        if (wanted == null) {
            return;
        }
        try {
            client.storage().v1().storageClasses().resource(wanted).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }
}
