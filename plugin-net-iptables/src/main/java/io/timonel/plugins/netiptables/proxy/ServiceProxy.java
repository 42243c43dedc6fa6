package io.timonel.plugins.netiptables.proxy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.timonel.plugins.netiptables.iptables.IptablesRestore;
import io.timonel.plugins.netiptables.proxy.nft.IptablesForwardAccept;
import io.timonel.plugins.netiptables.proxy.nft.Nft;
import io.timonel.plugins.netiptables.proxy.nft.NftRules;
import io.timonel.plugins.netiptables.proxy.nft.NftSync;
import io.timonel.spi.node.NodeComponent;
import io.timonel.spi.node.NodeContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Service proxy of a node (kube-proxy's job): watches Services and EndpointSlices and keeps
 * this node's data plane programmed, one transaction per sync: with {@code mode=iptables} (the
 * default) chains in the nat and filter tables ({@link ProxyRules}, {@link ProxySync}, through
 * {@code iptables-restore}); with {@code mode=nftables} (recommended: it meets the sync-time goals
 * at 10,000 Services, iptables-nft does not) one nftables table {@code ip timonel}
 * ({@code nft.NftRules}, {@code nft.NftSync}, through {@code nft -f}). Changes are
 * applied together at most once per {@code minSyncInterval}; a full sync runs at start and every
 * {@code syncPeriod}. Stopping removes all it added (chains and jumps, or the table). Settings:
 * {@code controllers.service-proxy.*} ({@link ProxySettings}). When iptables cannot be run (not
 * root, not installed) it says so once and keeps trying at each period; the node runs on.
 */
@Extension
public final class ServiceProxy implements NodeComponent {
    public static final String NAME = "service-proxy";
    private static final Logger LOG = LoggerFactory.getLogger(ServiceProxy.class);

    private KubernetesClient client;
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<EndpointSlice> slices;
    private ScheduledExecutorService loop;
    private DataPlane sync;
    private ProxySettings settings;
    private String nodeName;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean synced;
    private volatile boolean stopped;
    private RouteLocalnet routeLocalnet;
    private HealthCheckServers healthChecks;
    private String routeLocalnetBefore;
    private long lastSyncNanos = Long.MIN_VALUE / 2;
    private String lastError;
    private int failures;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(NodeContext context) {
        settings = ProxySettings.from(context.config());
        nodeName = context.nodeName();
        sync = dataPlane(settings);
        if (settings.nodePortsOnLoopback()) {
            routeLocalnet = new RouteLocalnet(settings.netns());
            routeLocalnetBefore = routeLocalnet.read().orElse(null);
            routeLocalnet.set("1").ifPresent(error -> LOG.warn(
                    "service proxy: node ports will not answer on 127.0.0.1: cannot set route_localnet: {}", error));
        }
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "service-proxy-sync");
            t.setDaemon(true);
            return t;
        });
        if (settings.netns() == null) { // a test's namespace has no listener of ours
            healthChecks = new HealthCheckServers("0.0.0.0");
        }
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(context.api().kubeconfig())).build();
        ResourceEventHandler<Object> changed = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Object obj) {
                requestSync();
            }

            @Override
            public void onUpdate(Object oldObj, Object newObj) {
                requestSync();
            }

            @Override
            public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
                requestSync();
            }
        };
        services = client.services().inAnyNamespace().runnableInformer(0);
        services.addEventHandler(changed);
        slices = client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0);
        slices.addEventHandler(changed);
        CompletableFuture.allOf(services.start().toCompletableFuture(), slices.start().toCompletableFuture())
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        // the informers keep retrying; syncing an incomplete view would remove live services' rules
                        LOG.warn("service proxy cannot list Services and EndpointSlices; it syncs once they are listed",
                                error);
                        loop.schedule(this::startSyncingOnceListed, 1, TimeUnit.SECONDS);
                        return;
                    }
                    synced = true;
                    long period = settings.syncPeriod().toMillis();
                    loop.scheduleWithFixedDelay(() -> run(true), 0, period, TimeUnit.MILLISECONDS);
                });
        LOG.info("service proxy for node {} started ({} mode, cluster CIDR {}, node ports on {}{})", nodeName,
                settings.mode().name().toLowerCase(java.util.Locale.ROOT),
                settings.clusterCidr(), settings.nodePortAddresses().isEmpty() ? "every local address"
                        : settings.nodePortAddresses(), settings.netns() == null ? "" : ", netns " + settings.netns());
    }

    /** The data plane {@code mode} names; each removes what the other left on the node. */
    static DataPlane dataPlane(ProxySettings settings) {
        IptablesRestore iptables = settings.netns() == null ? IptablesRestore.here()
                : IptablesRestore.inNetns(settings.netns());
        Nft nft = settings.netns() == null ? Nft.here() : Nft.inNetns(settings.netns());
        if (settings.mode() == ProxySettings.Mode.NFTABLES) {
            // the first sync recreates the table; the forward accept removes the iptables mode's chains
            return new NftSync(nft, new NftRules(settings.clusterCidr(), settings.nodePortAddresses()),
                    new IptablesForwardAccept(iptables), System::nanoTime);
        }
        Nft.Result gone = nft.apply("add table " + NftRules.TABLE + "\ndelete table " + NftRules.TABLE + "\n");
        if (!gone.ok()) {
            LOG.debug("service proxy: no nftables table of an earlier run removed: {}", gone.output());
        }
        return new ProxySync(iptables, new ProxyRules(settings.clusterCidr(), settings.nodePortAddresses(),
                settings.nodePortsOnLoopback()), System::nanoTime);
    }

    private void startSyncingOnceListed() {
        if (stopped) {
            return;
        }
        if (!services.hasSynced() || !slices.hasSynced()) {
            loop.schedule(this::startSyncingOnceListed, 1, TimeUnit.SECONDS);
            return;
        }
        synced = true;
        loop.scheduleWithFixedDelay(() -> run(true), 0, settings.syncPeriod().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks for an incremental sync, no sooner than {@code minSyncInterval} after the last one began. */
    private void requestSync() {
        if (!synced || stopped || !pending.compareAndSet(false, true)) {
            return;
        }
        long wait = lastSyncNanos + settings.minSyncInterval().toNanos() - System.nanoTime();
        loop.schedule(() -> run(false), Math.max(0, wait), TimeUnit.NANOSECONDS);
    }

    private void run(boolean full) {
        if (stopped) {
            return;
        }
        pending.set(false);
        lastSyncNanos = System.nanoTime();
        try {
            List<Service> all = services.getStore().list();
            List<ServicePort> ports = ServiceModels.ports(all, slices.getStore().list(), nodeName);
            if (healthChecks != null) {
                healthChecks.update(ServiceModels.healthChecks(all, ports));
            }
            ProxySync.Outcome outcome = sync.sync(ports, full);
            if (outcome.ok()) {
                if (lastError != null) {
                    LOG.info("service proxy syncs again");
                    lastError = null;
                }
                failures = 0;
                LOG.debug("service proxy {} sync: {} ports, {} chains rewritten, {} deleted in {} ms",
                        outcome.full() ? "full" : "incremental", ports.size(), outcome.rewritten(), outcome.deleted(),
                        Duration.ofNanos(outcome.generateNanos() + outcome.restoreNanos()).toMillis());
            } else {
                if (!Objects.equals(lastError, outcome.error())) {
                    LOG.warn("service proxy sync failed (retried): {}", outcome.error());
                }
                lastError = outcome.error();
                failures++;
                if (!stopped) {
                    // retry sooner than the next period (the failure may pass), backing off to it
                    long delay = Math.min(settings.syncPeriod().toMillis(), 1000L << Math.min(failures - 1, 6));
                    loop.schedule(() -> run(true), delay, TimeUnit.MILLISECONDS);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("service proxy sync failed", e);
        }
    }

    @Override
    public void stop() {
        stopped = true;
        if (services != null) {
            services.stop();
        }
        if (slices != null) {
            slices.stop();
        }
        if (loop != null) {
            loop.shutdownNow();
            try {
                loop.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (sync != null) {
            DataPlane.Cleanup removed = sync.removeAll();
            if (!removed.ok()) {
                LOG.warn("service proxy could not remove its rules: {}", removed.detail());
            }
        }
        if (healthChecks != null) {
            healthChecks.close();
        }
        if (routeLocalnet != null && "0".equals(routeLocalnetBefore)) {
            routeLocalnet.set("0");
        }
        if (client != null) {
            client.close();
        }
    }
}
