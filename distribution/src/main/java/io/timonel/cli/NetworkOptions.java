package io.timonel.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The cluster's network facts that servers and agents must agree on (pod CIDR, service range,
 * DNS), each handed to the settings of every component that uses it: the controller manager's
 * node IPAM, the service proxy, the pod routes, the node agent and the cluster DNS. Only what is
 * given is set; every component has the same defaults (10.42.0.0/16, 10.96.0.0/12, 10.96.0.10,
 * cluster.local).
 */
public final class NetworkOptions {
    static final Pattern CIDR = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}");

    @Option(names = "--cluster-cidr", paramLabel = "CIDR",
            description = "The pods' address range; each node gets a /24 of it. Default: 10.42.0.0/16.")
    String clusterCidr;

    @Option(names = "--service-cluster-ip-range", paramLabel = "CIDR",
            description = "The range Services' cluster IPs come from. Default: 10.96.0.0/12. The kubernetes Service "
                    + "takes its first address and the cluster DNS its tenth.")
    String serviceClusterIpRange;

    @Option(names = "--cluster-dns", paramLabel = "IP",
            description = "The cluster DNS Service's address pods resolve with. Default: the tenth address of the "
                    + "service range (10.96.0.10).")
    String clusterDns;

    @Option(names = "--cluster-domain", paramLabel = "DOMAIN", description = "The cluster's DNS domain. Default: cluster.local.")
    String clusterDomain;

    /** The service range, checked, or null when not given. */
    String serviceRange() {
        return checkedCidr(serviceClusterIpRange, "--service-cluster-ip-range");
    }

    /** Settings by component name, to lay over the config file's. */
    Map<String, Map<String, String>> componentSettings() {
        Map<String, Map<String, String>> out = new HashMap<>();
        String pods = checkedCidr(clusterCidr, "--cluster-cidr");
        if (pods != null) {
            put(out, "controller-manager", "cluster-cidr", pods);
            put(out, "service-proxy", "clusterCidr", pods);
            put(out, "pod-routes", "clusterCidr", pods);
        }
        String services = serviceRange();
        if (services != null) {
            put(out, "pod-routes", "serviceCidr", services);
        }
        String dns = clusterDns != null ? clusterDns.trim() : services != null ? nthAddress(services, 10) : null;
        if (dns != null) {
            put(out, "node-agent", "clusterDns", dns);
            put(out, "cluster-dns", "clusterIp", dns);
        }
        if (clusterDomain != null) {
            put(out, "node-agent", "clusterDomain", clusterDomain.trim());
            put(out, "cluster-dns", "clusterDomain", clusterDomain.trim());
        }
        return out;
    }

    private static void put(Map<String, Map<String, String>> out, String component, String key, String value) {
        out.computeIfAbsent(component, c -> new HashMap<>()).put(key, value);
    }

    static String checkedCidr(String value, String option) {
        if (value != null && !CIDR.matcher(value.trim()).matches()) {
            throw new IllegalArgumentException(option + " must look like 10.96.0.0/12, not " + value);
        }
        return value == null ? null : value.trim();
    }

    /** The Nth address after the network address of an IPv4 CIDR. */
    static String nthAddress(String cidr, int n) {
        String[] parts = cidr.substring(0, cidr.indexOf('/')).split("\\.");
        int prefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
        long address = 0;
        for (String part : parts) {
            address = address << 8 | Integer.parseInt(part);
        }
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        long nth = (address & mask) + n;
        return (nth >>> 24 & 255) + "." + (nth >>> 16 & 255) + "." + (nth >>> 8 & 255) + "." + (nth & 255);
    }
}
