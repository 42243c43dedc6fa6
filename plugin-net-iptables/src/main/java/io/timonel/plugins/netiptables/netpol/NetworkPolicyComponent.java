package io.timonel.plugins.netiptables.netpol;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.timonel.plugins.netiptables.iptables.IptablesRestore;
import io.timonel.spi.node.NodeComponent;
import io.timonel.spi.node.NodeContext;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NetworkPolicy enforcement for the pods of this node (see {@link PolicyCompiler} for the rules
 * and their layout). Watches NetworkPolicies, Pods and Namespaces; any change schedules a sync
 * after {@code syncDelay} (so a burst is one transaction) and a full resync runs every
 * {@code resyncInterval}. Nothing is written before all three caches have synced, so a restart
 * never briefly opens or closes pods. Stopping removes every chain and jump it wrote.
 * Settings: {@code controllers.network-policy.*} ({@link NetpolSettings}).
 */
@Extension
public final class NetworkPolicyComponent implements NodeComponent {
    public static final String NAME = "network-policy";
    private static final Logger LOG = LoggerFactory.getLogger(NetworkPolicyComponent.class);

    private NetpolSettings settings;
    private String node;
    private KubernetesClient client;
    private SharedIndexInformer<NetworkPolicy> policies;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Namespace> namespaces;
    private ScheduledExecutorService thread;
    private PolicySync sync;
    /** Guarded by this: the pending sync, and whether it must be full. */
    private ScheduledFuture<?> pending;
    private boolean pendingFull;
    /** Sync thread only: failures in a row, and the last problem logged (each new one is logged once). */
    private int failures;
    private String lastProblem;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(NodeContext context) {
        settings = NetpolSettings.from(context.config());
        node = context.nodeName();
        sync = new PolicySync(Iptables.of(IptablesRestore.here()),
                new PolicyCompiler(settings.denyAction(), settings.allowNodeTraffic()));
        // iptables commands block: they run on a thread of our own, never on the shared executor
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "network-policy-sync");
            t.setDaemon(true);
            return t;
        });
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(context.api().kubeconfig())).build();
        ResourceEventHandler<Object> changed = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Object obj) {
                request(false);
            }

            @Override
            public void onUpdate(Object oldObj, Object newObj) {
                request(false);
            }

            @Override
            public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
                request(false);
            }
        };
        policies = client.network().v1().networkPolicies().inAnyNamespace().runnableInformer(0);
        pods = client.pods().inAnyNamespace().runnableInformer(0);
        namespaces = client.namespaces().runnableInformer(0);
        policies.addEventHandler(cast(changed));
        pods.addEventHandler(cast(changed));
        namespaces.addEventHandler(cast(changed));
        policies.start();
        pods.start();
        namespaces.start();
        long resync = settings.resyncInterval().toMillis();
        thread.scheduleWithFixedDelay(() -> request(true), resync, resync, TimeUnit.MILLISECONDS);
        request(true);
        LOG.info("network policy enforcement started for node {} (deny action {})", node, settings.denyAction());
    }

    @SuppressWarnings("unchecked")
    private static <T> ResourceEventHandler<T> cast(ResourceEventHandler<Object> handler) {
        return (ResourceEventHandler<T>) handler;
    }

    /** Schedules a sync after the sync delay, unless one is pending; {@code full} upgrades the pending one. */
    private void request(boolean full) {
        schedule(full, settings.syncDelay());
    }

    private void run() {
        boolean full;
        synchronized (this) {
            full = pendingFull;
            pendingFull = false;
            pending = null;
        }
        if (!policies.hasSynced() || !pods.hasSynced() || !namespaces.hasSynced()) {
            retry(full);
            return;
        }
        PolicyInputs inputs = new PolicyInputs(node, policies.getStore().list(), pods.getStore().list(),
                namespaces.getStore().list());
        PolicySync.Result result;
        try {
            result = sync.sync(inputs, full);
        } catch (RuntimeException e) {
            result = PolicySync.Result.failed(e.toString());
        }
        if (!result.ok()) {
            failures++;
            Duration delay = retryDelay();
            if (!result.problem().equals(lastProblem)) {
                LOG.warn("network policy sync failed, retrying in {}: {}", delay, result.problem());
                lastProblem = result.problem();
            } else {
                LOG.debug("network policy sync failed again ({} in a row): {}", failures, result.problem());
            }
            schedule(true, delay);
            return;
        }
        if (failures > 0) {
            LOG.info("network policy sync recovered after {} failures", failures);
        }
        failures = 0;
        lastProblem = null;
        if (result.chains() > 0) {
            LOG.debug("network policy sync wrote {} chains", result.chains());
        }
    }

    /** Doubles from retryInterval with each failure in a row, up to resyncInterval (no iptables: quiet retries). */
    private Duration retryDelay() {
        Duration delay = settings.retryInterval().multipliedBy(1L << Math.min(failures - 1, 20));
        return delay.compareTo(settings.resyncInterval()) > 0 ? settings.resyncInterval() : delay;
    }

    private void retry(boolean full) {
        schedule(full, settings.retryInterval());
    }

    private synchronized void schedule(boolean full, Duration delay) {
        pendingFull |= full;
        if (pending == null || pending.isDone()) {
            pending = thread.schedule(this::run, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() {
        for (SharedIndexInformer<?> informer : java.util.Arrays.asList(policies, pods, namespaces)) {
            if (informer != null) {
                informer.stop();
            }
        }
        if (thread != null) {
            thread.shutdownNow();
            try {
                thread.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (sync != null) {
            PolicySync.Result result = sync.teardown();
            if (!result.ok()) {
                LOG.warn("network policy chains were not all removed: {}", result.problem());
            }
        }
        if (client != null) {
            client.close();
        }
    }
}
