package io.timonel.kernel.testing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.timonel.spi.controller.Controller;
import io.timonel.spi.controller.ControllerContext;
import java.util.HashMap;
import java.util.Map;
import org.pf4j.Extension;

/**
 * A controller for tests, written as a plugin author would: configmaps labelled
 * {@code echo=true} get {@code data.echo} set to their {@code data.value}.
 */
@Extension
public final class EchoController implements Controller {
    private KubernetesClient client;
    private SharedIndexInformer<ConfigMap> informer;

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public void start(ControllerContext context) {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(context.api().kubeconfig())).build();
        informer = client.configMaps().inAnyNamespace().withLabel("echo", "true").inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap cm) {
                reconcile(cm);
            }

            @Override
            public void onUpdate(ConfigMap old, ConfigMap cm) {
                reconcile(cm);
            }

            @Override
            public void onDelete(ConfigMap cm, boolean unknown) {
            }
        });
    }

    private void reconcile(ConfigMap cm) {
        Map<String, String> data = cm.getData() == null ? new HashMap<>() : new HashMap<>(cm.getData());
        String value = data.get("value");
        if (value == null || value.equals(data.get("echo"))) {
            return; // level-based: nothing to do when the state already holds
        }
        client.configMaps().inNamespace(cm.getMetadata().getNamespace()).withName(cm.getMetadata().getName())
                .edit(c -> {
                    c.getData().put("echo", c.getData().get("value"));
                    return c;
                });
    }

    @Override
    public void stop() {
        if (informer != null) {
            informer.close();
        }
        if (client != null) {
            client.close();
        }
    }
}
