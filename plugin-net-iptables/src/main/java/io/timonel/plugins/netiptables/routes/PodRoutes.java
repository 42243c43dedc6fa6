package io.timonel.plugins.netiptables.routes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.timonel.spi.node.NodeComponent;
import io.timonel.spi.node.NodeContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes between the nodes' pod networks, as host-gw networking does: for every other Node with a
 * pod CIDR, a route to that CIDR via the Node's InternalIP. The cluster CIDR and the service CIDR
 * (and the LoadBalancer pool) get routes on a dummy interface, so that an address of theirs that
 * no more specific route (a bridge, another node) claims is dropped here and never leaves the
 * machine. Enables IP forwarding and lets the cluster CIDR through FORWARD. Settings
 * ({@code controllers.pod-routes.*}): {@code clusterCidr} (10.42.0.0/16), {@code serviceCidr}
 * (10.96.0.0/12), {@code loadBalancerPool} (none). Stopped, it removes its routes and rules.
 */
@Extension
public final class PodRoutes implements NodeComponent {
    private static final Logger LOG = LoggerFactory.getLogger(PodRoutes.class);

    private final Commands commands;
    private KubernetesClient client;
    private SharedIndexInformer<Node> nodes;
    private ExecutorService worker;
    private RouteTable routes;
    private ForwardRules forward;
    private String self;

    public PodRoutes() {
        this(Commands.system());
    }

    PodRoutes(Commands commands) {
        this.commands = commands;
    }

    @Override
    public String name() {
        return "pod-routes";
    }

    @Override
    public void start(NodeContext context) {
        self = context.nodeName();
        String cluster = setting(context.config(), "clusterCidr", "cluster-cidr", "10.42.0.0/16");
        String service = setting(context.config(), "serviceCidr", "service-cidr", "10.96.0.0/12");
        String pool = setting(context.config(), "loadBalancerPool", "load-balancer-pool", "");
        routes = new RouteTable(commands);
        forward = new ForwardRules(commands);
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pod-routes");
            t.setDaemon(true);
            return t;
        });
        List<String> ranges = new ArrayList<>(List.of(cluster, service));
        if (!pool.isBlank()) {
            ranges.add(pool);
        }
        worker.execute(() -> {
            enableForwarding();
            routes.blackhole(ranges);
            forward.install(cluster);
        });
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(context.api().kubeconfig())).build();
        nodes = client.nodes().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node n) {
                changed();
            }

            @Override
            public void onUpdate(Node old, Node n) {
                changed();
            }

            @Override
            public void onDelete(Node n, boolean finalStateUnknown) {
                changed();
            }
        }, 0);
        LOG.info("pod-routes for node {}: {} stays on this machine", self, ranges);
    }

    private void changed() {
        ExecutorService w = worker;
        if (w != null && !w.isShutdown()) {
            w.execute(this::sync);
        }
    }

    private void sync() {
        SharedIndexInformer<Node> informer = nodes;
        if (informer == null) {
            return;
        }
        routes.sync(wanted(informer.getStore().list(), self));
    }

    /** Every other node's pod CIDRs, each to its InternalIP. */
    static Map<String, String> wanted(List<Node> nodes, String self) {
        Map<String, String> out = new HashMap<>();
        for (Node n : nodes) {
            if (self.equals(n.getMetadata().getName()) || n.getSpec() == null || n.getStatus() == null
                    || n.getStatus().getAddresses() == null) {
                continue;
            }
            String ip = n.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType()))
                    .map(NodeAddress::getAddress).filter(a -> a != null && !a.contains(":")).findFirst().orElse(null);
            if (ip == null) {
                continue;
            }
            List<String> cidrs = n.getSpec().getPodCIDRs() != null && !n.getSpec().getPodCIDRs().isEmpty()
                    ? n.getSpec().getPodCIDRs()
                    : n.getSpec().getPodCIDR() == null ? List.of() : List.of(n.getSpec().getPodCIDR());
            cidrs.stream().filter(c -> !c.contains(":")).forEach(c -> out.put(c, ip));
        }
        return out;
    }

    private void enableForwarding() {
        try {
            Files.writeString(Path.of("/proc/sys/net/ipv4/ip_forward"), "1");
        } catch (java.io.IOException e) {
            LOG.warn("pod-routes: cannot enable IP forwarding: {}", e.getMessage());
        }
    }

    private static String setting(Map<String, String> config, String camel, String kebab, String fallback) {
        String v = config.get(camel);
        if (v == null) {
            v = config.get(kebab);
        }
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    @Override
    public void stop() {
        try {
            if (nodes != null) {
                nodes.close();
                nodes = null;
            }
            if (worker != null) {
                worker.shutdown();
                worker.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            if (routes != null) {
                routes.clear();
                forward.remove();
            }
            if (client != null) {
                client.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("pod-routes did not stop cleanly", e);
        }
    }
}
