package io.timonel.examples.widgets;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.timonel.spi.controller.Controller;
import io.timonel.spi.controller.ControllerContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.pf4j.Extension;

/**
 * The Widget controller: once the Widget CRD (shipped in this jar) is established, keeps every
 * Widget's status in line with its spec — {@code ready}, {@code observedGeneration} and a
 * {@code message}. Reconciling is level-based: it re-reads the widget and writes status only
 * when it differs, so replays and restarts change nothing.
 */
@Extension
public final class WidgetController implements Controller {
    static final ResourceDefinitionContext WIDGETS = new ResourceDefinitionContext.Builder()
            .withGroup("example.timonel.io").withVersion("v1").withKind("Widget").withPlural("widgets")
            .withNamespaced(true).build();

    private KubernetesClient client;
    private SharedIndexInformer<GenericKubernetesResource> informer;
    private ControllerContext context;

    @Override
    public String name() {
        return "example-widgets";
    }

    @Override
    public void start(ControllerContext context) {
        this.context = context;
        this.client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(context.api().kubeconfig()))
                .build();
        // Wait for the CRD off the kernel's thread, then watch widgets.
        context.executor().execute(this::installAndWatch);
    }

    private void installAndWatch() {
        // The kernel installed the CRD (see WidgetDefinition); its types are served a moment later.
        try {
            client.apiextensions().v1().customResourceDefinitions().withName("widgets.example.timonel.io")
                    .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions()
                            .stream().anyMatch(x -> x.getType().equals("Established") && x.getStatus().equals("True")),
                            30, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(WidgetController.class).warn("widget CRD not established; retrying", e);
            context.executor().schedule(this::installAndWatch, 2, TimeUnit.SECONDS);
            return;
        }
        informer = client.genericKubernetesResources(WIDGETS).inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource widget) {
                reconcile(widget);
            }

            @Override
            public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource widget) {
                reconcile(widget);
            }

            @Override
            public void onDelete(GenericKubernetesResource widget, boolean unknown) {
            }
        });
    }

    /** Desired status from spec; written through the status subresource when it differs. */
    void reconcile(GenericKubernetesResource widget) {
        Map<String, Object> desired = desiredStatus(widget);
        if (desired.equals(widget.getAdditionalProperties().get("status"))) {
            return;
        }
        GenericKubernetesResource copy = client.genericKubernetesResources(WIDGETS)
                .inNamespace(widget.getMetadata().getNamespace()).withName(widget.getMetadata().getName()).get();
        if (copy == null) {
            return;
        }
        copy.setAdditionalProperty("status", desiredStatus(copy));
        client.genericKubernetesResources(WIDGETS).inNamespace(copy.getMetadata().getNamespace()).resource(copy)
                .updateStatus();
    }

    static Map<String, Object> desiredStatus(GenericKubernetesResource widget) {
        Object spec = widget.getAdditionalProperties().get("spec");
        Object size = spec instanceof Map<?, ?> m ? m.get("size") : null;
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("ready", size != null);
        status.put("observedGeneration", Objects.requireNonNullElse(widget.getMetadata().getGeneration(), 0L));
        status.put("message", size == null ? "spec.size is missing" : "a widget of size " + size);
        return status;
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
