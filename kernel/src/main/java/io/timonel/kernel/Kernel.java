package io.timonel.kernel;

import io.timonel.kernel.admission.policy.ParamKinds;
import io.timonel.kernel.admission.policy.ValidatingAdmissionPolicyPlugin;
import io.timonel.kernel.admission.webhook.MutatingAdmissionWebhook;
import io.timonel.kernel.admission.webhook.ValidatingAdmissionWebhook;
import io.timonel.kernel.admission.webhook.WebhookCaller;
import io.timonel.kernel.api.ApiServer;
import io.timonel.kernel.api.Discovery;
import io.timonel.kernel.api.NonResourceHandler;
import io.timonel.kernel.api.ResourceHandler;
import io.timonel.kernel.api.connect.NodeDialer;
import io.timonel.kernel.api.connect.PodConnectHandler;
import io.timonel.kernel.auth.AccessReviews;
import io.timonel.kernel.lifecycle.NamespaceLifecycle;
import io.timonel.kernel.objects.Admission;
import io.timonel.kernel.objects.CacheObjectReader;
import io.timonel.kernel.objects.ObjectService;
import io.timonel.kernel.objects.WriteHooks;
import io.timonel.kernel.reservations.StoreReservations;
import io.timonel.kernel.openapi.OpenApiV2Document;
import io.timonel.kernel.openapi.OpenApiV3Documents;
import io.timonel.kernel.crd.CrdController;
import io.timonel.kernel.controller.ControllerHost;
import io.timonel.kernel.controller.LeaderElection;
import io.timonel.kernel.controller.NodeComponentHost;
import io.timonel.kernel.crd.CrdInstaller;
import io.timonel.kernel.crd.CrdValidation;
import io.timonel.kernel.plugin.PluginHost;
import io.timonel.kernel.plugin.PluginReport;
import io.timonel.kernel.registry.ResourceRegistry;
import io.timonel.kernel.schema.SchemaGate;
import io.timonel.kernel.security.ClusterPki;
import io.timonel.kernel.security.Kubeconfig;
import io.timonel.kernel.security.NodeJoinToken;
import io.timonel.kernel.security.StaticTokenFile;
import io.timonel.kernel.store.StoreCompactor;
import io.timonel.kernel.store.sqlite.EmbeddedStoreFactory;
import io.timonel.kernel.watch.WatchCache;
import io.timonel.spi.admission.AdmissionPlugin;
import io.timonel.spi.auth.Authorizer;
import io.timonel.spi.auth.TokenAuthenticator;
import io.timonel.spi.controller.Controller;
import io.timonel.spi.node.NodeComponent;
import io.timonel.spi.resource.CustomResourceDefinitionProvider;
import io.timonel.spi.resource.ObjectWriteHook;
import io.timonel.spi.resource.Reservations;
import io.timonel.spi.resource.WriteHookContext;
import io.timonel.spi.resource.ResourceType;
import io.timonel.spi.resource.ResourceTypeProvider;
import io.timonel.spi.store.StoreBackend;
import io.timonel.spi.store.StoreBackendFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running control plane: the plugins, the store, the watch cache, the registry of types and the
 * HTTPS API server, wired together here and nowhere else. Start with {@link #start(KernelConfig)}.
 */
public final class Kernel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Kernel.class);
    private static final Duration WRITE_HOOK_REPAIR_PERIOD = Duration.ofMinutes(1);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final PluginHost plugins;
    private volatile URI url;
    private Path adminKubeconfig;
    private Path nodeTokenFile;
    private Path caCertificateFile;
    private volatile boolean ready;

    private Kernel(PluginHost plugins) {
        this.plugins = plugins;
    }

    /** Starts everything and returns once the API server answers {@code /readyz} with ok. */
    public static Kernel start(KernelConfig config) throws Exception {
        Files.createDirectories(config.dataDir());
        PluginHost plugins = PluginHost.load(config);
        plugins.start();
        Kernel kernel = new Kernel(plugins);
        try {
            kernel.boot(config);
            return kernel;
        } catch (Exception | Error e) {
            kernel.close();
            throw e;
        }
    }

    private void boot(KernelConfig config) throws Exception {
        resources.add(plugins);
        Clock clock = Clock.systemUTC();
        // Independent start-up steps run side by side: start-to-ready time is a goal.
        CompletableFuture<ClusterPki> pkiLoading = CompletableFuture.supplyAsync(() -> {
            try {
                return ClusterPki.loadOrCreate(config.dataDir().resolve("pki"), config.extraSans());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        ResourceRegistry registry = new ResourceRegistry();
        CompletableFuture<AdmissionPlugin> policiesLoading = CompletableFuture.supplyAsync(
                () -> new ValidatingAdmissionPolicyPlugin(ParamKinds.from(() -> registry.snapshot().all())));

        StoreBackend store = openStore(config);
        resources.add(store);
        WatchCache cache = new WatchCache(store, config.watchHistory());
        cache.start();
        resources.add(cache);

        for (ResourceTypeProvider provider : plugins.extensions(ResourceTypeProvider.class)) {
            // the kernel adds its structural-schema checks to the CRD type's own validation
            registry.register(plugins.origin(provider),
                    provider.resourceTypes().stream().map(CrdValidation::attach).toList());
        }
        registry.register("kernel", AccessReviews.types());

        List<Authorizer> authorizers = plugins.extensions(Authorizer.class);
        ControllerHost controllers = new ControllerHost(plugins.extensions(Controller.class), config.controllers());
        List<TokenAuthenticator> tokens = new ArrayList<>(plugins.extensions(TokenAuthenticator.class));
        tokens.add(controllers);
        NodeComponentHost nodeComponents = new NodeComponentHost(plugins.extensions(NodeComponent.class),
                config.controllers());
        tokens.add(nodeComponents);
        NodeJoinToken joinToken = NodeJoinToken.loadOrCreate(config.dataDir().resolve("node-token"));
        tokens.add(joinToken);
        nodeTokenFile = joinToken.file();
        if (config.tokenFile() != null) {
            StaticTokenFile.Parsed parsed = StaticTokenFile.load(config.tokenFile());
            parsed.problems().forEach(p -> LOG.warn("token file {}: {}", config.tokenFile(), p));
            tokens.add(0, parsed.authenticator());
        }
        ExecutorService webhookIo = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "admission-webhook");
            t.setDaemon(true);
            return t;
        });
        resources.add(webhookIo::shutdownNow);
        WebhookCaller webhookCaller = new WebhookCaller(webhookIo);
        // Kubernetes' order: the plugins' own, then policies and webhooks, ResourceQuota last of all,
        // so that quota is charged only for writes every other step accepted.
        List<AdmissionPlugin> admissionChain = new ArrayList<>(plugins.extensions(AdmissionPlugin.class));
        admissionChain.add(new MutatingAdmissionWebhook(webhookCaller));
        admissionChain.add(await(policiesLoading));
        admissionChain.add(new ValidatingAdmissionWebhook(webhookCaller));
        admissionChain.sort(java.util.Comparator.comparing(p -> p.name().equals("ResourceQuota")));
        Admission admission = new Admission(admissionChain, new SchemaGate(), new CacheObjectReader(cache));
        WriteHooks writeHooks = writeHooks(config, store, cache, clock);
        ObjectService objects = new ObjectService(store, cache, admission, clock, writeHooks);

        ScheduledExecutorService loops = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kernel-loops");
            t.setDaemon(true);
            return t;
        });
        resources.add(loops::shutdownNow);
        if (!writeHooks.isEmpty()) {
            // reservations a crash left behind are found before the API serves, and then now and then
            objects.syncCache();
            writeHooks.repairAll();
            loops.scheduleWithFixedDelay(() -> {
                try {
                    objects.syncCache();
                    writeHooks.repairAll();
                } catch (RuntimeException e) {
                    LOG.warn("repair of write hooks failed; retrying later", e);
                }
            }, WRITE_HOOK_REPAIR_PERIOD.toMillis(), WRITE_HOOK_REPAIR_PERIOD.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        StoreCompactor compactor = new StoreCompactor(store, StoreCompactor.Settings.defaults(), loops, clock);
        compactor.start();
        resources.add(compactor);
        NamespaceLifecycle namespaces = new NamespaceLifecycle(objects, registry, loops);
        resources.add(namespaces);
        namespaces.start(Duration.ofMillis(500));

        CrdController crds = new CrdController(objects, registry, loops);
        crds.start();
        resources.add(crds);
        installPluginCrds(objects, registry); // CRDs shipped by plugins

        OpenApiV3Documents openApiV3 = new OpenApiV3Documents(() -> registry.snapshot().all());
        OpenApiV2Document openApiV2 = new OpenApiV2Document(openApiV3);
        ResourceHandler resourceHandler = new ResourceHandler(registry, objects, clock,
                new AccessReviews(authorizers).handlers());
        NonResourceHandler nonResource = new NonResourceHandler(new Discovery(registry), openApiV3, openApiV2,
                () -> ready, () -> url.getAuthority());
        ClusterPki pki = await(pkiLoading);
        PodConnectHandler podConnect = new PodConnectHandler(resourceHandler, objects, registry, NodeDialer.fromPki(pki));
        resources.add(podConnect);
        ApiServer server = new ApiServer(config.bindAddress(), config.port(), pki.serverSslContext(), podConnect,
                nonResource, pki::authenticateClient, tokens, authorizers);
        server.start();
        resources.add(server);
        url = Kubeconfig.serverUrl(config.bindAddress(), server.port());
        adminKubeconfig = config.dataDir().resolve("admin.kubeconfig");
        Kubeconfig.writeAdmin(adminKubeconfig, url, pki);
        caCertificateFile = pki.directory().resolve("ca.crt");
        ready = true;
        startControllers(controllers, objects, registry, pki, clock, server.port());
        startNodeComponents(nodeComponents, pki, clock, config);
        LOG.info("Timonel API server listening on {}", url);
    }

    /**
     * The plugins' write hooks, each with reservations in the store, the kernel's service ranges
     * and its own {@code controllers.<name>.*} settings.
     */
    private WriteHooks writeHooks(KernelConfig config, StoreBackend store, WatchCache cache, Clock clock) {
        StoreReservations reservations = new StoreReservations(store, clock);
        CacheObjectReader reader = new CacheObjectReader(cache);
        return new WriteHooks(plugins.extensions(ObjectWriteHook.class), hook -> {
            Map<String, String> settings = new java.util.HashMap<>();
            settings.put("service-cluster-ip-range", config.serviceClusterIpRange());
            settings.put("service-node-port-range", config.serviceNodePortRange());
            settings.putAll(config.controllers().getOrDefault(hook.name(), Map.of()));
            Map<String, String> frozen = Map.copyOf(settings);
            return new WriteHookContext() {
                @Override
                public Reservations reservations() {
                    return reservations;
                }

                @Override
                public Map<String, String> settings() {
                    return frozen;
                }

                @Override
                public io.timonel.spi.admission.ObjectReader objects() {
                    return reader;
                }

                @Override
                public Clock clock() {
                    return clock;
                }
            };
        });
    }

    /** Node components (the node agent) run on every server, for the server's own node. */
    private void startNodeComponents(NodeComponentHost nodeComponents, ClusterPki pki, Clock clock,
                                     KernelConfig config) {
        ScheduledExecutorService nodePool = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "node-components");
            t.setDaemon(true);
            return t;
        });
        resources.add(nodePool::shutdownNow);
        nodeComponents.startAll(url, pki.caCertificatePem(), clock, nodePool, new io.timonel.spi.controller.Extensions() {
            @Override
            public <T> List<T> of(Class<T> type) {
                return plugins.extensions(type);
            }
        }, config.effectiveNodeName(), config.dataDir().resolve("node"));
        resources.add(nodeComponents);
    }

    /** Controllers run on the leader only: this server once it holds the controllers' Lease. */
    private void startControllers(ControllerHost controllers, ObjectService objects, ResourceRegistry registry,
                                  ClusterPki pki, Clock clock, int port) {
        ScheduledExecutorService controllerPool = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "controllers");
            t.setDaemon(true);
            return t;
        });
        resources.add(controllerPool::shutdownNow);
        controllers.configure(url, pki.caCertificatePem(), clock, controllerPool, new io.timonel.spi.controller.Extensions() {
            @Override
            public <T> List<T> of(Class<T> type) {
                return plugins.extensions(type);
            }
        });
        resources.add(controllers);
        ScheduledExecutorService electionThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "leader-election");
            t.setDaemon(true);
            return t;
        });
        resources.add(electionThread::shutdownNow);
        LeaderElection.Callbacks leadership = new LeaderElection.Callbacks() {
            @Override
            public void startedLeading() {
                controllers.startAll();
            }

            @Override
            public void stoppedLeading() {
                controllers.stopAll();
            }
        };
        Optional<ResourceType> leaseType = registry.find("coordination.k8s.io", "v1", "leases");
        if (leaseType.isEmpty()) {
            // no Lease type served (a distribution without core-api): nobody else can lead either
            LOG.warn("no plugin serves coordination.k8s.io/v1 leases: controllers run without leader election");
            controllers.startAll();
            return;
        }
        LeaderElection election = new LeaderElection(objects, leaseType.get(), "kube-system", "timonel-controllers",
                leaderIdentity(port), LeaderElection.Timing.defaults(), clock, electionThread, leadership);
        election.start();
        resources.add(election);
    }

    // plugins' CRDs are created or updated at every start; a bad manifest is logged, not fatal.
    private void installPluginCrds(ObjectService objects, ResourceRegistry registry) {
        CrdInstaller installer = new CrdInstaller(objects, registry);
        for (CustomResourceDefinitionProvider provider : plugins.extensions(CustomResourceDefinitionProvider.class)) {
            for (com.fasterxml.jackson.databind.JsonNode manifest : provider.customResourceDefinitions()) {
                String name = manifest.path("metadata").path("name").asText();
                try {
                    LOG.info("CRD {} from plugin {}: {}", name, plugins.origin(provider), installer.install(manifest));
                } catch (RuntimeException e) {
                    LOG.error("CRD {} from plugin {} not installed: {}", name, plugins.origin(provider), e.getMessage());
                }
            }
        }
    }

    /** The result of a start-up step run in parallel, failing as the step failed. */
    private static <T> T await(CompletableFuture<T> step) throws Exception {
        try {
            return step.join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.io.UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    private StoreBackend openStore(KernelConfig config) throws Exception {
        List<StoreBackendFactory> factories = new ArrayList<>(List.of(new EmbeddedStoreFactory()));
        factories.addAll(plugins.extensions(StoreBackendFactory.class));
        for (StoreBackendFactory f : factories) {
            if (f.name().equals(config.storeBackend())) {
                return f.open(config.dataDir(), Map.of());
            }
        }
        throw new IllegalArgumentException("no store backend named " + config.storeBackend() + "; available: "
                + factories.stream().map(StoreBackendFactory::name).toList());
    }

    /** Where the API server listens, e.g. {@code https://127.0.0.1:6443}. */
    public URI url() {
        return url;
    }

    /** The kubeconfig with admin rights written at start. */
    public Path adminKubeconfig() {
        return adminKubeconfig;
    }

    public List<PluginReport> plugins() {
        return plugins.reports();
    }

    /** The file holding the secret with which more nodes join ({@code timonel agent --token-file}). */
    public Path nodeTokenFile() {
        return nodeTokenFile;
    }

    /** The cluster CA certificate (PEM file) that clients and joining nodes trust. */
    public Path caCertificateFile() {
        return caCertificateFile;
    }

    /** Stops the server, then the loops, then the cache and the store, in that order. */
    @Override
    public void close() {
        ready = false;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}", resources.get(i), e);
            }
        }
        resources.clear();
    }

    /**
     * This server as a leader-election candidate: host name and port, stable across restarts so
     * that a server restarted after a crash takes its own Lease back at once.
     */
    private static String leaderIdentity(int port) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "timonel";
        }
        return host + "_" + port;
    }
}
