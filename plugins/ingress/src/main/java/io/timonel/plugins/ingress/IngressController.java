package io.timonel.plugins.ingress;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.timonel.plugins.ingress.proxy.IngressServer;
import io.timonel.plugins.ingress.proxy.Snapshot;
import io.timonel.plugins.ingress.status.LoadBalancerAddresses;
import io.timonel.plugins.ingress.status.StatusWriter;
import io.timonel.plugins.ingress.tls.SelfSignedCertificate;
import io.timonel.spi.controller.Controller;
import io.timonel.spi.controller.ControllerContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingress controller, a leader-run {@link Controller} named {@code ingress}: serves the
 * Ingresses of its IngressClass (see {@link IngressClasses}) through a reverse proxy on Undertow
 * ({@link IngressServer}), HTTP and HTTPS with a certificate per SNI name.
 *
 * <p>Informers on Ingresses, IngressClasses, Services, EndpointSlices and Secrets feed one sync
 * thread; every event marks the state dirty and the thread rebuilds the whole {@link Snapshot}
 * (routes, endpoints, certificates) and swaps it in, then brings the served Ingresses'
 * {@code status.loadBalancer} up to date. Events arriving during a rebuild coalesce into the next.
 * Settings: see {@link Settings}. The bound ports are logged ("ingress: listening ...") and, when
 * not 80/443, written into the Ingresses' status ports. The status names the InternalIPs of the
 * node {@code node-name} or, when there is no such node, of the nodes that have an InternalIP of
 * this machine.
 */
@Extension
public final class IngressController implements Controller {
    private static final Logger LOG = LoggerFactory.getLogger(IngressController.class);
    private static final long RESYNC_MILLIS = 5 * 60_000;
    private static final Duration NODE_ADDRESS_TTL = Duration.ofSeconds(60);
    private static final long NO_ADDRESS_RETRY_MILLIS = 30_000;
    private static final long RETRY_MILLIS = 2_000;
    private static final int BIND_RETRY_SECONDS = 10;

    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private volatile boolean stopped;
    private boolean watching; // all informers started; read and written on the sync thread
    private KubernetesClient client;
    private ScheduledExecutorService sync;
    private volatile IngressServer server;
    private boolean bindFailureLogged;
    private Settings settings;
    private Clock clock;
    private SnapshotBuilder snapshots;
    private StatusWriter status;
    private SharedIndexInformer<Ingress> ingresses;
    private SharedIndexInformer<IngressClass> classes;
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<EndpointSlice> slices;
    private SharedIndexInformer<Secret> secrets;
    private List<String> nodeAddresses = List.of();
    private Instant nodeAddressesRead = Instant.MIN;
    private List<String> lastProblems = List.of();

    @Override
    public String name() {
        return "ingress";
    }

    @Override
    public void start(ControllerContext context) {
        stopped = false;
        watching = false;
        bindFailureLogged = false;
        dirty.set(false); // a round queued before the last stop never ran
        nodeAddresses = List.of();
        lastProblems = List.of();
        settings = Settings.from(context.config());
        clock = context.clock();
        snapshots = new SnapshotBuilder(SelfSignedCertificate.generate(clock));
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(context.api().kubeconfig())).build();
        status = new StatusWriter(client);
        sync = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingress-sync");
            t.setDaemon(true);
            return t;
        });
        sync.execute(this::bind);
        sync.execute(this::begin);
    }

    /**
     * Binds the listeners; when a port is taken (another proxy, another server on this machine)
     * the controller keeps watching and tries again every {@value #BIND_RETRY_SECONDS} seconds.
     */
    private void bind() {
        if (stopped) {
            return;
        }
        try {
            server = IngressServer.start(settings.address(), settings.httpPort(), settings.httpsPort(),
                    snapshots.empty());
        } catch (RuntimeException e) {
            if (!bindFailureLogged) {
                LOG.error("ingress: cannot listen on {} ports {}/{} ({}); trying again every {} s", settings.address(),
                        settings.httpPort(), settings.httpsPort(), e.toString(), BIND_RETRY_SECONDS);
                bindFailureLogged = true;
            }
            sync.schedule(this::bind, BIND_RETRY_SECONDS, TimeUnit.SECONDS);
            return;
        }
        LOG.info("ingress: listening on {} http port {} https port {} for IngressClass {}", settings.address(),
                server.httpPort(), server.httpsPort(), settings.ingressClass());
        markDirty();
    }

    /** The proxy's HTTP port (the bound one), or -1 when not started. */
    public int httpPort() {
        IngressServer s = server;
        return s == null ? -1 : s.httpPort();
    }

    /** The proxy's HTTPS port (the bound one), or -1 when not started or HTTPS is off. */
    public int httpsPort() {
        IngressServer s = server;
        return s == null ? -1 : s.httpsPort();
    }

    private void begin() {
        if (stopped) {
            return;
        }
        try {
            IngressClassInstaller.ensure(client, settings);
            ingresses = inform(client.network().v1().ingresses().inAnyNamespace().runnableInformer(RESYNC_MILLIS));
            classes = inform(client.network().v1().ingressClasses().runnableInformer(0));
            services = inform(client.services().inAnyNamespace().runnableInformer(0));
            slices = inform(client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0));
            secrets = inform(client.secrets().inAnyNamespace().runnableInformer(0));
            for (SharedIndexInformer<?> informer : informers) {
                informer.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            if (!stopped) {
                LOG.warn("ingress: cannot start watching ({}); trying again", e.toString());
                informers.forEach(SharedIndexInformer::close);
                informers.clear();
                sync.schedule(this::begin, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
            return;
        }
        watching = true;
        markDirty();
    }

    /** Asks for a rebuild; any thread. */
    private void markDirty() {
        if (!stopped && dirty.compareAndSet(false, true)) {
            try {
                sync.execute(this::syncOnce);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopping: nothing to sync any more
            }
        }
    }

    /** Rebuilds and swaps the snapshot, then writes statuses; on the sync thread only. */
    private void syncOnce() {
        dirty.set(false); // events from now on schedule another round
        if (stopped || server == null || !watching) {
            return; // bind() and begin() mark dirty again once both are done
        }
        try {
            IngressClasses selection = IngressClasses.of(Settings.CONTROLLER, classes.getStore().list());
            List<Ingress> all = ingresses.getStore().list();
            List<Ingress> served = all.stream().filter(selection::serves).toList();
            Snapshot next = snapshots.build(served, services.getStore().list(), slices.getStore().list(),
                    secrets.getStore().list());
            server.serve(next);
            reportProblems(next.certificates().problems());
            List<String> addresses = statusAddresses();
            if (addresses.isEmpty() && !served.isEmpty()) {
                sync.schedule(this::markDirty, NO_ADDRESS_RETRY_MILLIS, TimeUnit.MILLISECONDS);
            } else if (!addresses.isEmpty()) {
                List<IngressLoadBalancerIngress> desired = LoadBalancerAddresses.of(addresses, server.httpPort(),
                        server.httpsPort());
                if (status.sync(all, selection::serves, desired) > 0) {
                    sync.schedule(this::markDirty, RETRY_MILLIS, TimeUnit.MILLISECONDS);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("ingress: sync failed; trying again", e);
            sync.schedule(this::markDirty, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** The configured status addresses, else this node's InternalIPs (read at most once a minute). */
    private List<String> statusAddresses() {
        if (!settings.statusAddress().isEmpty()) {
            return settings.statusAddress();
        }
        Instant now = clock.instant();
        if (nodeAddresses.isEmpty() || now.isAfter(nodeAddressesRead.plus(NODE_ADDRESS_TTL))) {
            Node node = client.nodes().withName(settings.nodeName()).get();
            List<String> read = LoadBalancerAddresses.internalIps(node);
            if (read.isEmpty()) {
                read = LoadBalancerAddresses.localInternalIps(client.nodes().list().getItems(), localAddresses());
            }
            if (read.isEmpty() && nodeAddresses.isEmpty()) {
                LOG.info("ingress: node {} has no InternalIP (yet); status.loadBalancer not written",
                        settings.nodeName());
            }
            nodeAddresses = read;
            nodeAddressesRead = now;
        }
        return nodeAddresses;
    }

    /** This machine's interface addresses, as text without zone or scope. */
    private static java.util.Set<String> localAddresses() {
        java.util.Set<String> out = new java.util.HashSet<>();
        try {
            for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                for (var address : java.util.Collections.list(nic.getInetAddresses())) {
                    String text = address.getHostAddress();
                    int zone = text.indexOf('%');
                    out.add(zone < 0 ? text : text.substring(0, zone));
                }
            }
        } catch (java.net.SocketException e) {
            LOG.debug("ingress: cannot list network interfaces", e);
        }
        return out;
    }

    private void reportProblems(List<String> problems) {
        if (!problems.equals(lastProblems)) {
            problems.forEach(p -> LOG.warn("ingress: TLS: {}", p));
            lastProblems = problems;
        }
    }

    private <T extends HasMetadata> SharedIndexInformer<T> inform(SharedIndexInformer<T> informer) {
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                markDirty();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                markDirty();
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                markDirty();
            }
        });
        informers.add(informer);
        return informer;
    }

    @Override
    public void stop() {
        stopped = true;
        if (sync != null) {
            sync.shutdownNow();
            try {
                sync.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        informers.forEach(SharedIndexInformer::close);
        informers.clear();
        if (server != null) {
            server.close();
            server = null;
        }
        if (client != null) {
            client.close();
        }
    }
}
