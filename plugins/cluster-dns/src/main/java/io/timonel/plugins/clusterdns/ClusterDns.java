package io.timonel.plugins.clusterdns;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.timonel.plugins.clusterdns.publish.KubeDnsPublisher;
import io.timonel.plugins.clusterdns.records.RecordIndex;
import io.timonel.plugins.clusterdns.records.Zone;
import io.timonel.plugins.clusterdns.server.DnsServer;
import io.timonel.plugins.clusterdns.server.QueryHandler;
import io.timonel.plugins.clusterdns.server.UpstreamForwarder;
import io.timonel.plugins.clusterdns.watch.ClusterWatch;
import io.timonel.plugins.clusterdns.watch.ServiceCatalog;
import io.timonel.spi.node.NodeComponent;
import io.timonel.spi.node.NodeContext;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster DNS server of a node: serves the cluster domain from a watch cache of Services and
 * EndpointSlices, forwards other names to the host's resolvers, and publishes itself as the
 * {@code kube-system/kube-dns} Service (one EndpointSlice per node). Settings: {@link DnsSettings}.
 * Start returns at once; binding and publishing happen on the component's own thread, which waits
 * a while for the Node object when the listen address is the Node's.
 */
@Extension
public final class ClusterDns implements NodeComponent {
    public static final String NAME = "cluster-dns";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterDns.class);
    private static final long NODE_WAIT_MILLIS = 15_000;

    private KubernetesClient client;
    private ClusterWatch watch;
    private ExecutorService worker;
    private ExecutorService forwarding;
    private volatile DnsServer server;
    private volatile KubeDnsPublisher publisher;
    private volatile boolean stopped;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(NodeContext context) throws UnknownHostException {
        DnsSettings settings = DnsSettings.from(context.config());
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(context.api().kubeconfig())).build();
        Zone zone = new Zone(settings.clusterDomain(), settings.ttl(), InetAddress.getByName(settings.clusterIp()),
                context.clock().instant().getEpochSecond());
        RecordIndex index = new RecordIndex(zone);
        forwarding = Executors.newFixedThreadPool(2, r -> daemon(r, "cluster-dns-forward"));
        QueryHandler handler = new QueryHandler(index,
                new UpstreamForwarder(settings.upstreams(), settings.upstreamTimeout(), forwarding));
        watch = ClusterWatch.start(client, new ServiceCatalog(index));
        worker = Executors.newSingleThreadExecutor(r -> daemon(r, "cluster-dns-start"));
        worker.execute(() -> serve(settings, handler, context.nodeName()));
    }

    private void serve(DnsSettings settings, QueryHandler handler, String nodeName) {
        try {
            InetAddress nodeIp = settings.address() == null || isWildcard(settings.address()) ? nodeAddress(nodeName) : null;
            InetAddress listen = settings.address() != null ? InetAddress.getByName(settings.address())
                    : nodeIp != null ? nodeIp : InetAddress.getByName("0.0.0.0");
            DnsServer started = DnsServer.start(listen, settings.port(), settings.udpThreads(), handler);
            server = started;
            if (stopped) {
                started.close();
                return;
            }
            LOG.info("cluster DNS serving {} on {} (upstream {})", settings.clusterDomain(), started.address(),
                    settings.upstreams());
            if (settings.publish()) {
                InetAddress published = listen.isAnyLocalAddress() ? (nodeIp != null ? nodeIp : firstIpv4()) : listen;
                KubeDnsPublisher p = new KubeDnsPublisher(client, nodeName);
                publisher = p;
                publishUntilDone(p, settings.clusterIp(), published, started.port());
            }
        } catch (Exception e) {
            LOG.error("cluster DNS could not start", e);
        }
    }

    /** Publishes, retrying while the API refuses (it may still be starting), until stopped. */
    private void publishUntilDone(KubeDnsPublisher p, String clusterIp, InetAddress address, int port)
            throws InterruptedException {
        long pause = 500;
        while (!stopped) {
            try {
                p.publish(clusterIp, address, port);
                LOG.info("cluster DNS published as {}/{} ({}:{})", KubeDnsPublisher.NAMESPACE, KubeDnsPublisher.SERVICE,
                        address.getHostAddress(), port);
                return;
            } catch (RuntimeException e) {
                LOG.warn("cluster DNS could not publish the kube-dns Service yet: {}", e.getMessage());
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 10_000);
        }
    }

    /** The Node's InternalIP, waiting a while for the Node to register; null when it has none. */
    private InetAddress nodeAddress(String nodeName) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(NODE_WAIT_MILLIS);
        while (!stopped) {
            try {
                Node node = client.nodes().withName(nodeName).get();
                if (node != null && node.getStatus() != null && node.getStatus().getAddresses() != null) {
                    for (NodeAddress a : node.getStatus().getAddresses()) {
                        if ("InternalIP".equals(a.getType())) {
                            return InetAddress.getByName(a.getAddress());
                        }
                    }
                }
            } catch (Exception e) {
                LOG.debug("reading Node {}", nodeName, e);
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            Thread.sleep(500);
        }
        return null;
    }

    private static boolean isWildcard(String address) {
        return address.equals("0.0.0.0") || address.equals("::");
    }

    /** The host's primary IPv4 address: the default route's source, else the first of a real interface. */
    private static InetAddress firstIpv4() throws UnknownHostException {
        try (DatagramSocket probe = new DatagramSocket()) {
            // connecting a UDP socket picks the route without sending; 192.0.2.1 is TEST-NET-1
            probe.connect(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 9));
            InetAddress source = probe.getLocalAddress();
            if (source instanceof Inet4Address && !source.isAnyLocalAddress() && !source.isLoopbackAddress()) {
                return source;
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("no default route", e);
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback() && !virtual(nic.getName())) {
                    for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                        if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
                            return a;
                        }
                    }
                }
            }
        } catch (SocketException e) {
            LOG.debug("listing interfaces", e);
        }
        return InetAddress.getByName("127.0.0.1");
    }

    /** Bridges and veths of container networks: not where other nodes reach this one (as the node agent reads it). */
    private static boolean virtual(String name) {
        return name.startsWith("docker") || name.startsWith("br-") || name.startsWith("veth")
                || name.startsWith("cni") || name.startsWith("virbr") || name.startsWith("flannel")
                || name.startsWith("kube-") || name.startsWith("timonel");
    }

    @Override
    public void stop() {
        stopped = true;
        if (worker != null) {
            worker.shutdownNow();
            try {
                worker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        KubeDnsPublisher p = publisher;
        if (p != null) {
            try {
                p.withdraw();
            } catch (RuntimeException e) {
                LOG.warn("cluster DNS could not remove its EndpointSlice", e);
            }
        }
        DnsServer s = server;
        if (s != null) {
            s.close();
        }
        if (watch != null) {
            watch.close();
        }
        if (forwarding != null) {
            forwarding.shutdownNow();
        }
        if (client != null) {
            client.close();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
