package io.timonel.plugins.clusterdns.server;

import static io.timonel.plugins.clusterdns.watch.Fixtures.clusterIp;
import static io.timonel.plugins.clusterdns.watch.Fixtures.endpoint;
import static io.timonel.plugins.clusterdns.watch.Fixtures.headless;
import static io.timonel.plugins.clusterdns.watch.Fixtures.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.timonel.plugins.clusterdns.records.RecordIndex;
import io.timonel.plugins.clusterdns.records.Zone;
import io.timonel.plugins.clusterdns.watch.ServiceCatalog;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The server over real UDP and TCP on loopback, queried with dnsjava's client. */
class DnsServerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private ExecutorService executor;
    private ServiceCatalog catalog;
    private DnsServer server;
    private ServiceCatalog upstreamCatalog;

    @BeforeEach
    void setUp() throws Exception {
        executor = Executors.newCachedThreadPool();
        // the upstream is a second server, authoritative for example.test
        RecordIndex upstreamIndex = new RecordIndex(new Zone("example.test", 30, LOOPBACK, 1));
        upstreamCatalog = new ServiceCatalog(upstreamIndex);
        DnsServer upstream = start(new QueryHandler(upstreamIndex, q -> java.util.concurrent.CompletableFuture
                .failedFuture(new java.io.IOException("no upstream"))));
        RecordIndex index = new RecordIndex(new Zone("cluster.local", 5, InetAddress.getByName("10.96.0.10"), 1));
        catalog = new ServiceCatalog(index);
        server = start(new QueryHandler(index, new UpstreamForwarder(
                List.of(new InetSocketAddress(LOOPBACK, upstream.port())), Duration.ofSeconds(2), executor)));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        executor.shutdownNow();
    }

    @Test
    void resolvesAServiceOverUdp() throws Exception {
        catalog.serviceChanged(clusterIp("default", "web", "10.96.3.4"));
        Message response = udp().send(query("web.default.svc.cluster.local.", Type.A));
        assertEquals(Rcode.NOERROR, response.getRcode());
        assertTrue(response.getHeader().getFlag(Flags.AA));
        assertEquals(List.of("10.96.3.4"), rdata(response));
    }

    @Test
    void resolvesAServiceOverTcp() throws Exception {
        catalog.serviceChanged(clusterIp("default", "web", "10.96.3.4"));
        SimpleResolver tcp = udp();
        tcp.setTCP(true);
        for (int i = 0; i < 2; i++) {
            assertEquals(List.of("10.96.3.4"), rdata(tcp.send(query("web.default.svc.cluster.local.", Type.A))));
        }
    }

    @Test
    void repeatedQueriesFromTheCacheEchoTheirIdCaseAndFlags() throws Exception {
        catalog.serviceChanged(clusterIp("default", "web", "10.96.3.4"));
        udp().send(query("web.default.svc.cluster.local.", Type.A));
        Message mixed = query("WeB.DeFault.svc.Cluster.local.", Type.A);
        mixed.getHeader().setID(4242);
        mixed.getHeader().unsetFlag(Flags.RD);
        Message response = new Message(exchangeUdp(mixed.toWire()));
        assertEquals(4242, response.getHeader().getID());
        assertFalse(response.getHeader().getFlag(Flags.RD));
        assertEquals("WeB.DeFault.svc.Cluster.local.", response.getQuestion().getName().toString());
        assertEquals(List.of("10.96.3.4"), rdata(response));
    }

    @Test
    void aChangedServiceIsAnsweredAfreshNotFromTheCache() throws Exception {
        catalog.serviceChanged(clusterIp("default", "web", "10.96.3.4"));
        udp().send(query("web.default.svc.cluster.local.", Type.A));
        catalog.serviceChanged(clusterIp("default", "web", "10.96.3.5"));
        assertEquals(List.of("10.96.3.5"), rdata(udp().send(query("web.default.svc.cluster.local.", Type.A))));
    }

    @Test
    void unknownNameIsNxDomainWithSoaAndMissingTypeIsNoData() throws Exception {
        catalog.serviceChanged(clusterIp("default", "web", "10.96.3.4"));
        for (int i = 0; i < 2; i++) {
            Message nx = udp().send(query("nope.default.svc.cluster.local.", Type.A));
            assertEquals(Rcode.NXDOMAIN, nx.getRcode());
            assertEquals(Type.SOA, nx.getSection(Section.AUTHORITY).get(0).getType());
            Message nodata = udp().send(query("web.default.svc.cluster.local.", Type.AAAA));
            assertEquals(Rcode.NOERROR, nodata.getRcode());
            assertTrue(nodata.getSection(Section.ANSWER).isEmpty());
            assertEquals(Type.SOA, nodata.getSection(Section.AUTHORITY).get(0).getType());
        }
    }

    @Test
    void ednsQueryGetsAnOptRecordBack() throws Exception {
        catalog.serviceChanged(clusterIp("default", "web", "10.96.3.4"));
        for (int i = 0; i < 2; i++) {
            Message q = query("web.default.svc.cluster.local.", Type.A);
            q.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
            Message response = new Message(exchangeUdp(q.toWire()));
            assertNotNull(response.getOPT());
            assertEquals(List.of("10.96.3.4"), rdata(response));
        }
    }

    @Test
    void largeAnswerIsTruncatedOverUdpAndTheClientRetriesOverTcp() throws Exception {
        catalog.serviceChanged(headless("default", "big"));
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            endpoints.add(endpoint("10.42." + (i / 200) + "." + i, true, null));
        }
        catalog.sliceChanged(slice("default", "big", "big-1", endpoints));
        SimpleResolver truncating = udp();
        truncating.setIgnoreTruncation(true);
        for (int i = 0; i < 2; i++) {
            Message truncated = truncating.send(query("big.default.svc.cluster.local.", Type.A));
            assertTrue(truncated.getHeader().getFlag(Flags.TC));
            assertTrue(truncated.getSection(Section.ANSWER).isEmpty());
        }
        Message full = udp().send(query("big.default.svc.cluster.local.", Type.A));
        assertFalse(full.getHeader().getFlag(Flags.TC));
        assertEquals(100, full.getSection(Section.ANSWER).size());
    }

    @Test
    void namesOutsideTheZoneAreForwardedUpstream() throws Exception {
        upstreamCatalog.serviceChanged(clusterIp("default", "far", "192.0.2.7"));
        Message q = query("far.default.svc.example.test.", Type.A);
        Message response = udp().send(q);
        assertEquals(Rcode.NOERROR, response.getRcode());
        assertEquals(List.of("192.0.2.7"), rdata(response));
    }

    @Test
    void externalNameIsAnsweredWithTheCnameAndTheTargetsAddressFromUpstream() throws Exception {
        upstreamCatalog.serviceChanged(clusterIp("default", "far", "192.0.2.7"));
        catalog.serviceChanged(io.timonel.plugins.clusterdns.watch.Fixtures.externalName("default", "ext",
                "far.default.svc.example.test"));
        Message response = udp().send(query("ext.default.svc.cluster.local.", Type.A));
        List<Record> answer = response.getSection(Section.ANSWER);
        assertEquals(Type.CNAME, answer.get(0).getType());
        assertEquals("192.0.2.7", answer.get(1).rdataToString());
    }

    @Test
    void upstreamFailureIsServfail() throws Exception {
        RecordIndex index = new RecordIndex(new Zone("cluster.local", 5, LOOPBACK, 1));
        DnsServer lonely;
        try (DatagramSocket silent = new DatagramSocket(0, LOOPBACK)) {
            lonely = start(new QueryHandler(index, new UpstreamForwarder(
                    List.of(new InetSocketAddress(LOOPBACK, silent.getLocalPort())), Duration.ofMillis(200), executor)));
            SimpleResolver r = new SimpleResolver(new InetSocketAddress(LOOPBACK, lonely.port()));
            r.setTimeout(Duration.ofSeconds(5));
            assertEquals(Rcode.SERVFAIL, r.send(query("example.com.", Type.A)).getRcode());
        }
    }

    @Test
    void ptrOfAServiceAddress() throws Exception {
        catalog.serviceChanged(clusterIp("default", "web", "10.96.3.4"));
        Message response = udp().send(query("4.3.96.10.in-addr.arpa.", Type.PTR));
        assertEquals(List.of("web.default.svc.cluster.local."), rdata(response));
    }

    @Test
    void garbageIsIgnoredAndTheServerGoesOn() throws Exception {
        catalog.serviceChanged(clusterIp("default", "web", "10.96.3.4"));
        try (DatagramSocket s = new DatagramSocket()) {
            s.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, LOOPBACK, server.port()));
        }
        byte[] header = {0, 7, (byte) 0x81, 0, 0, 1, 0, 0, 0, 0, 0, 0};
        assertNull(exchangeUdpOrNull(header, 300), "a response is never answered");
        assertEquals(List.of("10.96.3.4"), rdata(udp().send(query("web.default.svc.cluster.local.", Type.A))));
    }

    private DnsServer start(QueryHandler handler) throws Exception {
        DnsServer s = DnsServer.start(LOOPBACK, 0, 2, handler);
        closing.add(s);
        return s;
    }

    private SimpleResolver udp() {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress(LOOPBACK, server.port()));
        r.setTimeout(Duration.ofSeconds(3));
        return r;
    }

    private byte[] exchangeUdp(byte[] query) throws Exception {
        byte[] reply = exchangeUdpOrNull(query, 3000);
        assertNotNull(reply, "no reply");
        return reply;
    }

    private byte[] exchangeUdpOrNull(byte[] query, int timeoutMillis) throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(timeoutMillis);
            s.send(new DatagramPacket(query, query.length, LOOPBACK, server.port()));
            DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
            try {
                s.receive(p);
            } catch (java.net.SocketTimeoutException e) {
                return null;
            }
            return java.util.Arrays.copyOf(p.getData(), p.getLength());
        }
    }

    private static Message query(String name, int type) throws Exception {
        return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    }

    private static List<String> rdata(Message m) {
        return m.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList();
    }
}
