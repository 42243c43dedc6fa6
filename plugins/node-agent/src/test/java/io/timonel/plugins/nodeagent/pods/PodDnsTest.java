package io.timonel.plugins.nodeagent.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.PodDNSConfigBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.timonel.spi.runtime.SandboxConfig.DnsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodDnsTest {
    @TempDir
    Path dir;

    private NodeIdentity node(String clusterDns) throws Exception {
        Path resolv = dir.resolve("resolv.conf");
        Files.writeString(resolv, "# comment\nnameserver 192.168.1.1\nsearch example.org\noptions edns0\n");
        return new NodeIdentity("n", "192.168.1.10", "h", dir, clusterDns, "cluster.local", resolv);
    }

    @Test
    void clusterFirstPointsAtTheClusterDnsWithTheNamespaceSearchPath() throws Exception {
        DnsSettings dns = PodDns.of(new PodSpec(), "shop", node("10.96.0.10"));
        assertEquals(new DnsSettings(List.of("10.96.0.10"),
                List.of("shop.svc.cluster.local", "svc.cluster.local", "cluster.local"), List.of("ndots:5")), dns);
    }

    @Test
    void clusterFirstWithoutAClusterDnsIsTheNodesResolver() throws Exception {
        assertNull(PodDns.of(new PodSpec(), "shop", node(null)));
    }

    @Test
    void defaultIsTheNodesResolverAndDnsConfigAddsToIt() throws Exception {
        assertNull(PodDns.of(new PodSpecBuilder().withDnsPolicy("Default").build(), "shop", node("10.96.0.10")));
        PodSpec spec = new PodSpecBuilder().withDnsPolicy("Default").withDnsConfig(new PodDNSConfigBuilder()
                .withNameservers("1.1.1.1").withSearches("corp.local").addNewOption().withName("ndots")
                .withValue("2").endOption().build()).build();
        assertEquals(new DnsSettings(List.of("192.168.1.1", "1.1.1.1"), List.of("example.org", "corp.local"),
                List.of("edns0", "ndots:2")), PodDns.of(spec, "shop", node("10.96.0.10")));
    }

    @Test
    void noneIsOnlyTheDnsConfig() throws Exception {
        PodSpec spec = new PodSpecBuilder().withDnsPolicy("None").withDnsConfig(new PodDNSConfigBuilder()
                .withNameservers("9.9.9.9").build()).build();
        assertEquals(new DnsSettings(List.of("9.9.9.9"), List.of(), List.of()), PodDns.of(spec, "shop", node("10.96.0.10")));
    }

    @Test
    void clusterFirstWithHostNetIsClusterFirstForHostNetworkPods() throws Exception {
        PodSpec hostNet = new PodSpecBuilder().withHostNetwork(true).build();
        assertNull(PodDns.of(hostNet, "shop", node("10.96.0.10")));
        PodSpec withHostNet = new PodSpecBuilder().withHostNetwork(true).withDnsPolicy("ClusterFirstWithHostNet").build();
        assertEquals(List.of("10.96.0.10"), PodDns.of(withHostNet, "shop", node("10.96.0.10")).servers());
    }
}
