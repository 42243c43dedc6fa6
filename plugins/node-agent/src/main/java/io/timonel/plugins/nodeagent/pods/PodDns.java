package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.timonel.spi.runtime.SandboxConfig.DnsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A pod's resolv.conf from its dnsPolicy: {@code ClusterFirst} (the default) points at the
 * cluster DNS with the namespace's search path and {@code ndots:5} when the node knows one, else
 * it falls back to the node's own; {@code ClusterFirstWithHostNet} is ClusterFirst for
 * hostNetwork pods too (ClusterFirst with hostNetwork means the node's); {@code Default} is the
 * node's; {@code None} is only the pod's dnsConfig, which the other policies add to.
 */
public final class PodDns {
    /** Kubernetes' limits on a resolv.conf's search path. */
    static final int MAX_SEARCHES = 32;

    private PodDns() {
    }

    /** The pod's DNS settings, or null for the node's own resolv.conf unchanged. */
    public static DnsSettings of(PodSpec spec, String namespace, NodeIdentity node) {
        String policy = spec.getDnsPolicy() == null ? "ClusterFirst" : spec.getDnsPolicy();
        boolean hostNetwork = Boolean.TRUE.equals(spec.getHostNetwork());
        PodDNSConfig extra = spec.getDnsConfig();
        DnsSettings base;
        switch (policy) {
            case "None" -> base = new DnsSettings(List.of(), List.of(), List.of());
            case "Default" -> base = extra == null ? null : host(node.resolvConf());
            default -> {
                boolean cluster = node.clusterDns() != null
                        && (!hostNetwork || "ClusterFirstWithHostNet".equals(policy));
                if (cluster) {
                    String d = node.clusterDomain();
                    base = new DnsSettings(List.of(node.clusterDns()),
                            List.of(namespace + ".svc." + d, "svc." + d, d), List.of("ndots:5"));
                } else {
                    base = extra == null ? null : host(node.resolvConf());
                }
            }
        }
        if (base == null || extra == null) {
            return base;
        }
        return merge(base, extra);
    }

    private static DnsSettings merge(DnsSettings base, PodDNSConfig extra) {
        List<String> servers = new ArrayList<>(new LinkedHashSet<>(concat(base.servers(), extra.getNameservers())));
        List<String> searches = new ArrayList<>(new LinkedHashSet<>(concat(base.searches(), extra.getSearches())));
        if (searches.size() > MAX_SEARCHES) {
            searches = searches.subList(0, MAX_SEARCHES);
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (String o : base.options()) {
            int eq = o.indexOf(':');
            options.put(eq < 0 ? o : o.substring(0, eq), o);
        }
        if (extra.getOptions() != null) {
            for (PodDNSConfigOption o : extra.getOptions()) {
                options.put(o.getName(), o.getValue() == null ? o.getName() : o.getName() + ":" + o.getValue());
            }
        }
        return new DnsSettings(servers, searches, List.copyOf(options.values()));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        if (b != null) {
            out.addAll(b);
        }
        return out;
    }

    /** The node's resolv.conf as settings (empty when unreadable). */
    static DnsSettings host(Path resolvConf) {
        List<String> servers = new ArrayList<>();
        List<String> searches = new ArrayList<>();
        List<String> options = new ArrayList<>();
        try {
            for (String raw : Files.readAllLines(resolvConf, StandardCharsets.UTF_8)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                    continue;
                }
                String[] f = line.split("\\s+");
                switch (f[0]) {
                    case "nameserver" -> {
                        if (f.length > 1) {
                            servers.add(f[1]);
                        }
                    }
                    case "search", "domain" -> {
                        searches.clear(); // the last search/domain line wins, as the resolver reads it
                        searches.addAll(List.of(f).subList(1, f.length));
                    }
                    case "options" -> options.addAll(List.of(f).subList(1, f.length));
                    default -> {
                        // sortlist and the like: not carried over
                    }
                }
            }
        } catch (IOException e) {
            // no resolv.conf: no servers
        }
        return new DnsSettings(servers, searches, options);
    }
}
