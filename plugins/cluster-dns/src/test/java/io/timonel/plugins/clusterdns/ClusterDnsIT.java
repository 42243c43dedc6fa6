package io.timonel.plugins.clusterdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.kernel.testing.TestCluster;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The plugin loaded by a real kernel: it publishes kube-dns and answers from the watch cache. */
class ClusterDnsIT {
    private static TestCluster cluster;
    private static KubernetesClient client;
    private static SimpleResolver dns;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings("cluster-dns", Map.of("address", "127.0.0.1", "port", "0",
                        "upstream", "127.0.0.1:9")));
        client = cluster.client();
        TestCluster.await("the cluster DNS EndpointSlice", Duration.ofSeconds(30), () -> !ownSlices().isEmpty());
        EndpointSlice slice = ownSlices().get(0);
        dns = new SimpleResolver(new InetSocketAddress(slice.getEndpoints().get(0).getAddresses().get(0),
                slice.getPorts().get(0).getPort()));
        dns.setTimeout(Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void publishesTheKubeDnsServiceAndItsOwnEndpointSlice() {
        Service kubeDns = client.services().inNamespace("kube-system").withName("kube-dns").get();
        assertNotNull(kubeDns);
        assertEquals("10.96.0.10", kubeDns.getSpec().getClusterIP());
        assertEquals(List.of("dns", "dns-tcp"), kubeDns.getSpec().getPorts().stream().map(p -> p.getName()).toList());
        EndpointSlice slice = ownSlices().get(0);
        assertEquals("kube-dns", slice.getMetadata().getLabels().get("kubernetes.io/service-name"));
        assertEquals("127.0.0.1", slice.getEndpoints().get(0).getAddresses().get(0));
        assertTrue(slice.getEndpoints().get(0).getConditions().getReady());
    }

    @Test
    void aNewServiceResolvesWithinASecondAndGoesAwayWhenDeleted() throws Exception {
        Service web = new ServiceBuilder().withNewMetadata().withNamespace("default").withName("dns-it-web").endMetadata()
                .withNewSpec().withClusterIP("10.96.77.7").addNewPort().withName("http").withPort(80).endPort().endSpec()
                .build();
        client.services().inNamespace("default").resource(web).create();
        long created = System.nanoTime();
        String ip = client.services().inNamespace("default").withName("dns-it-web").get().getSpec().getClusterIP();
        TestCluster.await("the Service's A record", Duration.ofSeconds(1),
                () -> answers("dns-it-web.default.svc.cluster.local.", Type.A).equals(List.of(ip)));
        long millis = (System.nanoTime() - created) / 1_000_000;
        assertTrue(millis <= 1000, "resolved after " + millis + " ms");
        assertEquals(List.of("0 100 80 dns-it-web.default.svc.cluster.local."),
                answers("_http._tcp.dns-it-web.default.svc.cluster.local.", Type.SRV));

        client.services().inNamespace("default").withName("dns-it-web").delete();
        TestCluster.await("NXDOMAIN after delete", Duration.ofSeconds(5),
                () -> rcode("dns-it-web.default.svc.cluster.local.") == Rcode.NXDOMAIN);
    }

    @Test
    void theKubeDnsServiceResolvesThroughItself() {
        TestCluster.await("kube-dns A record", Duration.ofSeconds(5),
                () -> answers("kube-dns.kube-system.svc.cluster.local.", Type.A).equals(List.of("10.96.0.10")));
    }

    private static List<EndpointSlice> ownSlices() {
        return client.discovery().v1().endpointSlices().inNamespace("kube-system")
                .withLabel("endpointslice.kubernetes.io/managed-by", "cluster-dns.timonel.io").list().getItems();
    }

    private static List<String> answers(String name, int type) {
        try {
            Message m = dns.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
            return m.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList();
        } catch (Exception e) {
            return List.of();
        }
    }

    private static int rcode(String name) {
        try {
            return dns.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN))).getRcode();
        } catch (Exception e) {
            return -1;
        }
    }
}
