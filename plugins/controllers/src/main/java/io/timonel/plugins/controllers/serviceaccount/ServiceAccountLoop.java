package io.timonel.plugins.controllers.serviceaccount;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.timonel.plugins.controllers.kit.ControlLoop;
import io.timonel.plugins.controllers.kit.ControllerRuntime;
import io.timonel.plugins.controllers.kit.Handlers;
import io.timonel.plugins.controllers.kit.ReconcileLoop;
import io.timonel.plugins.controllers.kit.Reconciler.Result;
import io.timonel.plugins.controllers.kit.WorkQueue;

/**
 * Every active namespace has a ServiceAccount named {@code default}; deleted, it comes back.
 * The queue holds namespace names.
 */
public final class ServiceAccountLoop implements ControlLoop {
    static final String DEFAULT = "default";

    private ControllerRuntime runtime;
    private SharedIndexInformer<Namespace> namespaces;
    private SharedIndexInformer<ServiceAccount> accounts;
    private WorkQueue queue;
    private ReconcileLoop loop;

    @Override
    public String name() {
        return "serviceaccount";
    }

    @Override
    public void prepare(ControllerRuntime runtime) {
        this.runtime = runtime;
        queue = runtime.newQueue();
        namespaces = runtime.informers().of(Namespace.class);
        accounts = runtime.informers().of(ServiceAccount.class);
        namespaces.addEventHandler(Handlers.onAny(ns -> queue.add(ns.getMetadata().getName())));
        accounts.addEventHandler(Handlers.onAny(sa -> {
            if (DEFAULT.equals(sa.getMetadata().getName())) {
                queue.add(sa.getMetadata().getNamespace());
            }
        }));
        loop = new ReconcileLoop(name(), queue, this::reconcile);
    }

    Result reconcile(String namespace) {
        Namespace ns = namespaces.getStore().getByKey(namespace);
        if (ns == null || ns.getMetadata().getDeletionTimestamp() != null
                || "Terminating".equals(ns.getStatus() == null ? null : ns.getStatus().getPhase())) {
            return Result.done();
        }
        if (accounts.getStore().getByKey(namespace + "/" + DEFAULT) != null) {
            return Result.done();
        }
        try {
            runtime.client().serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder()
                    .withNewMetadata().withName(DEFAULT).withNamespace(namespace).endMetadata().build()).create();
        } catch (KubernetesClientException e) {
            // 409: created meanwhile (the cache is behind); 403/404: the namespace is going away
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
