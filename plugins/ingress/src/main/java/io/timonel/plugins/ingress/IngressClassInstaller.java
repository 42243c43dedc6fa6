package io.timonel.plugins.ingress;

import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the controller's IngressClass exists: creates it (spec.controller
 * {@value Settings#CONTROLLER}, marked the default class when so configured) when it is missing,
 * and leaves an existing one as its owner made it — an administrator may have changed its
 * default-class annotation on purpose.
 */
final class IngressClassInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(IngressClassInstaller.class);

    private IngressClassInstaller() {
    }

    /** @throws KubernetesClientException when the API cannot be reached (the caller retries) */
    static void ensure(KubernetesClient client, Settings settings) {
        IngressClass existing = client.network().v1().ingressClasses().withName(settings.ingressClass()).get();
        if (existing != null) {
            String controller = existing.getSpec() == null ? null : existing.getSpec().getController();
            if (!Settings.CONTROLLER.equals(controller)) {
                LOG.warn("ingress: IngressClass {} belongs to controller {}, not {}: its Ingresses are not served",
                        settings.ingressClass(), controller, Settings.CONTROLLER);
            }
            return;
        }
        IngressClass created = new IngressClassBuilder().withNewMetadata().withName(settings.ingressClass())
                .withAnnotations(settings.defaultClass()
                        ? Map.of(IngressClasses.DEFAULT_CLASS_ANNOTATION, "true") : Map.of())
                .endMetadata().withNewSpec().withController(Settings.CONTROLLER).endSpec().build();
        try {
            client.network().v1().ingressClasses().resource(created).create();
            LOG.info("ingress: created IngressClass {}{}", settings.ingressClass(),
                    settings.defaultClass() ? " (the default class)" : "");
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) { // 409: created meanwhile, which is as good
                throw e;
            }
        }
    }
}
