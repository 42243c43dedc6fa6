package io.timonel.plugins.controllers.serviceaccount;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.timonel.plugins.controllers.kit.ControlLoop;
import io.timonel.plugins.controllers.kit.ControllerRuntime;
import io.timonel.plugins.controllers.kit.Handlers;
import io.timonel.plugins.controllers.kit.ReconcileLoop;
import io.timonel.plugins.controllers.kit.Reconciler.Result;
import io.timonel.plugins.controllers.kit.WorkQueue;
import java.util.Map;

/**
 * Kubernetes' root-ca-cert-publisher: every active namespace has a ConfigMap
 * {@code kube-root-ca.crt} whose {@code ca.crt} is the cluster CA, so that pods (projected
 * service-account volumes) can verify the API server. Changed or deleted, it is put back.
 * The queue holds namespace names.
 */
public final class RootCaPublisherLoop implements ControlLoop {
    static final String NAME = "kube-root-ca.crt";
    static final String KEY = "ca.crt";

    private ControllerRuntime runtime;
    private SharedIndexInformer<Namespace> namespaces;
    private SharedIndexInformer<ConfigMap> configMaps;
    private ReconcileLoop loop;

    @Override
    public String name() {
        return "root-ca-cert-publisher";
    }

    @Override
    public void prepare(ControllerRuntime runtime) {
        this.runtime = runtime;
        WorkQueue queue = runtime.newQueue();
        namespaces = runtime.informers().of(Namespace.class);
        configMaps = runtime.informers().of(ConfigMap.class);
        namespaces.addEventHandler(Handlers.onAny(ns -> queue.add(ns.getMetadata().getName())));
        configMaps.addEventHandler(Handlers.onAny(cm -> {
            if (NAME.equals(cm.getMetadata().getName())) {
                queue.add(cm.getMetadata().getNamespace());
            }
        }));
        loop = new ReconcileLoop(name(), queue, this::reconcile);
    }

    Result reconcile(String namespace) {
        Namespace ns = namespaces.getStore().getByKey(namespace);
        if (ns == null || ns.getMetadata().getDeletionTimestamp() != null || runtime.caPem() == null) {
            return Result.done();
        }
        ConfigMap current = configMaps.getStore().getByKey(namespace + "/" + NAME);
        Map<String, String> data = Map.of(KEY, runtime.caPem());
        try {
            if (current == null) {
                runtime.client().configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                        .withName(NAME).withNamespace(namespace)
                        .addToAnnotations("kubernetes.io/description", "Contains a CA bundle that can be used to "
                                + "verify the kube-apiserver when using internal endpoints such as the internal "
                                + "service IP or kubernetes.default.svc. No other usage is guaranteed across "
                                + "distributions of Kubernetes clusters.")
                        .endMetadata().withData(data).build()).create();
            } else if (!data.equals(current.getData())) {
                runtime.client().configMaps().inNamespace(namespace).resource(new ConfigMapBuilder(current)
                        .withData(data).build()).update();
            }
        } catch (KubernetesClientException e) {
            // 409: changed meanwhile (the cache is behind, an event follows); 403/404: the namespace is going away
            if (e.getCode() != 409 && e.getCode() != 403 && e.getCode() != 404) {
                return Result.retry();
            }
        }
        return Result.done();
    }

    @Override
    public void run() {
        loop.start(1);
    }

    @Override
    public void stop() {
        if (loop != null) {
            loop.close();
        }
    }
}
