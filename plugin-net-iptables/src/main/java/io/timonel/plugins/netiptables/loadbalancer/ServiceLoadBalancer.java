package io.timonel.plugins.netiptables.loadbalancer;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.timonel.spi.controller.Controller;
import io.timonel.spi.controller.ControllerContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service load balancer, leader-only ({@value #NAME}): keeps {@code status.loadBalancer} of
 * every Service of type LoadBalancer (class unset or {@link LoadBalancerPlan#CLASS}) as
 * {@link LoadBalancerPlan} says. Setting {@code controllers.service-lb.pool}: the addresses to give
 * out (CIDRs and ranges, comma-separated); unset, Services get the Ready nodes' InternalIPs.
 * Every change re-plans all Services (they share the pool) on one thread, at most every 100 ms,
 * and every 30 s anyway; a write that conflicts is retried at the next round.
 */
@Extension
public final class ServiceLoadBalancer implements Controller {
    public static final String NAME = "service-lb";
    private static final Logger LOG = LoggerFactory.getLogger(ServiceLoadBalancer.class);

    private KubernetesClient client;
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<Node> nodes;
    private ScheduledExecutorService loop;
    private AddressPool pool;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean ready;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(ControllerContext context) {
        String poolText = context.config().getOrDefault("pool", "");
        pool = poolText.isBlank() ? null : AddressPool.parse(poolText);
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(context.api().kubeconfig())).build();
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "service-lb");
            t.setDaemon(true);
            return t;
        });
        ResourceEventHandler<Object> changed = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Object obj) {
                request();
            }

            @Override
            public void onUpdate(Object oldObj, Object newObj) {
                request();
            }

            @Override
            public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
                request();
            }
        };
        services = client.services().inAnyNamespace().runnableInformer(0);
        services.addEventHandler(changed);
        nodes = client.nodes().runnableInformer(0);
        nodes.addEventHandler(changed);
        CompletableFuture.allOf(services.start().toCompletableFuture(), nodes.start().toCompletableFuture())
                .whenComplete((ok, error) -> {
                    ready = true;
                    loop.scheduleWithFixedDelay(this::reconcile, 0, 30, TimeUnit.SECONDS);
                });
        LOG.info("service load balancer started: addresses from {}", pool == null ? "the nodes" : poolText);
    }

    private void request() {
        if (ready && pending.compareAndSet(false, true)) {
            loop.schedule(this::reconcile, 100, TimeUnit.MILLISECONDS);
        }
    }

    private void reconcile() {
        pending.set(false);
        try {
            Map<String, List<LoadBalancerIngress>> changes = LoadBalancerPlan.changes(services.getStore().list(),
                    nodes.getStore().list(), pool);
            changes.forEach(this::write);
        } catch (RuntimeException e) {
            LOG.warn("service load balancer round failed", e);
        }
    }

    private void write(String key, List<LoadBalancerIngress> ingress) {
        Service cached = services.getStore().getByKey(key); // the cache's keys are namespace/name too
        if (cached == null) {
            return;
        }
        Service copy = client.getKubernetesSerialization().clone(cached);
        if (copy.getStatus() == null) {
            copy.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatus());
        }
        copy.getStatus().setLoadBalancer(LoadBalancerPlan.status(ingress));
        try {
            client.services().inNamespace(copy.getMetadata().getNamespace()).resource(copy).updateStatus();
            LOG.info("service {} load balancer ingress: {}", key,
                    ingress.isEmpty() ? "none" : ingress.stream().map(LoadBalancerIngress::getIp).toList());
        } catch (KubernetesClientException e) {
            // a conflict means a newer version is on its way through the informer: the next round uses it
            if (e.getCode() != 409 && e.getCode() != 404) {
                LOG.warn("cannot write the load balancer status of {}: {}", key, e.getMessage());
            }
            request();
        }
    }

    @Override
    public void stop() {
        ready = false;
        if (services != null) {
            services.stop();
        }
        if (nodes != null) {
            nodes.stop();
        }
        if (loop != null) {
            loop.shutdownNow();
        }
        if (client != null) {
            client.close();
        }
    }
}
