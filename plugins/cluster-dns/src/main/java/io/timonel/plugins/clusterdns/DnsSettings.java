package io.timonel.plugins.clusterdns;

import io.timonel.plugins.clusterdns.server.UpstreamForwarder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cluster DNS settings ({@code controllers.cluster-dns.*}).
 *
 * @param clusterDomain   {@code clusterDomain}: the domain served (default {@code cluster.local})
 * @param address         {@code address}: the listen address; null (default) for the Node's InternalIP,
 *                        or {@code 0.0.0.0} when the Node has none
 * @param port            {@code port}: UDP and TCP port (default 53; 0 for a free one)
 * @param upstreams       {@code upstream}: comma-separated resolvers ({@code IP[:port]}); default the
 *                        nameservers of the host's /etc/resolv.conf
 * @param clusterIp       {@code clusterIp}: the kube-dns Service's cluster IP (default 10.96.0.10)
 * @param ttl             {@code ttl}: seconds, of answers and of negative answers (default 5)
 * @param upstreamTimeout {@code upstreamTimeoutMillis}: per upstream attempt (default 2000)
 * @param udpThreads      {@code udpThreads}: UDP receiver threads (default: processors, at least 2)
 * @param publish         {@code publish}: whether to publish the kube-dns Service and this node's slice (default true)
 */
public record DnsSettings(String clusterDomain, String address, int port, List<InetSocketAddress> upstreams,
                          String clusterIp, long ttl, Duration upstreamTimeout, int udpThreads, boolean publish) {

    public static DnsSettings from(Map<String, String> config) {
        return from(config, Path.of("/etc/resolv.conf"));
    }

    static DnsSettings from(Map<String, String> config, Path resolvConf) {
        String upstream = config.get("upstream");
        List<InetSocketAddress> upstreams = new ArrayList<>();
        if (upstream == null || upstream.isBlank()) {
            upstreams.addAll(UpstreamForwarder.fromResolvConf(resolvConf));
        } else {
            for (String one : upstream.split(",")) {
                InetSocketAddress a = one.isBlank() ? null : UpstreamForwarder.parse(one, 53);
                if (a == null && !one.isBlank()) {
                    throw new IllegalArgumentException("controllers.cluster-dns.upstream: not an IP[:port]: " + one);
                }
                if (a != null) {
                    upstreams.add(a);
                }
            }
        }
        String address = config.get("address");
        return new DnsSettings(
                config.getOrDefault("clusterDomain", "cluster.local"),
                address == null || address.isBlank() ? null : address.trim(),
                Integer.parseInt(config.getOrDefault("port", "53")),
                List.copyOf(upstreams),
                config.getOrDefault("clusterIp", "10.96.0.10"),
                Long.parseLong(config.getOrDefault("ttl", "5")),
                Duration.ofMillis(Long.parseLong(config.getOrDefault("upstreamTimeoutMillis", "2000"))),
                Integer.parseInt(config.getOrDefault("udpThreads",
                        Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())))),
                !"false".equalsIgnoreCase(config.getOrDefault("publish", "true")));
    }
}
