package io.timonel.plugins.clusterdns.watch;

import static io.timonel.plugins.clusterdns.watch.Fixtures.clusterIp;
import static io.timonel.plugins.clusterdns.watch.Fixtures.endpoint;
import static io.timonel.plugins.clusterdns.watch.Fixtures.endpointPort;
import static io.timonel.plugins.clusterdns.watch.Fixtures.externalName;
import static io.timonel.plugins.clusterdns.watch.Fixtures.headless;
import static io.timonel.plugins.clusterdns.watch.Fixtures.port;
import static io.timonel.plugins.clusterdns.watch.Fixtures.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Service;
import io.timonel.plugins.clusterdns.records.RecordIndex;
import io.timonel.plugins.clusterdns.records.Resolution;
import io.timonel.plugins.clusterdns.records.Zone;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

/** The records Services and EndpointSlices make, read back through the index as the server does. */
class ServiceCatalogTest {
    private RecordIndex index;
    private ServiceCatalog catalog;
    private final List<Set<Name>> changes = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        index = new RecordIndex(new Zone("cluster.local", 5, InetAddress.getByName("10.96.0.10"), 1));
        index.onChange(changes::add);
        catalog = new ServiceCatalog(index);
    }

    @Test
    void clusterIpServiceAnswersItsAddress() {
        catalog.serviceChanged(clusterIp("default", "web", "10.96.3.4"));
        assertEquals(List.of("10.96.3.4"), addresses("web.default.svc.cluster.local.", Type.A));
    }

    @Test
    void updatedServiceAnswersItsNewAddress() {
        catalog.serviceChanged(clusterIp("default", "web", "10.96.3.4"));
        catalog.serviceChanged(clusterIp("default", "web", "10.96.3.5"));
        assertEquals(List.of("10.96.3.5"), addresses("web.default.svc.cluster.local.", Type.A));
    }

    @Test
    void deletedServiceIsNxDomainAndItsNamespaceNameGoesWithIt() {
        Service web = clusterIp("default", "web", "10.96.3.4");
        catalog.serviceChanged(web);
        assertInstanceOf(Resolution.NoData.class, resolve("default.svc.cluster.local.", Type.A));
        catalog.serviceDeleted(web);
        assertInstanceOf(Resolution.NxDomain.class, resolve("web.default.svc.cluster.local.", Type.A));
        assertInstanceOf(Resolution.NxDomain.class, resolve("default.svc.cluster.local.", Type.A));
    }

    @Test
    void aaaaOfAnIpv4OnlyServiceIsNoDataNotNxDomain() {
        catalog.serviceChanged(clusterIp("default", "web", "10.96.3.4"));
        assertInstanceOf(Resolution.NoData.class, resolve("web.default.svc.cluster.local.", Type.AAAA));
    }

    @Test
    void unknownNamesInTheZoneAreNxDomain() {
        catalog.serviceChanged(clusterIp("default", "web", "10.96.3.4"));
        assertInstanceOf(Resolution.NxDomain.class, resolve("nope.default.svc.cluster.local.", Type.A));
        assertInstanceOf(Resolution.NxDomain.class, resolve("web.other.svc.cluster.local.", Type.A));
        assertInstanceOf(Resolution.NxDomain.class, resolve("x.y.web.default.svc.cluster.local.", Type.A));
    }

    @Test
    void namesAreCaseInsensitive() {
        catalog.serviceChanged(clusterIp("default", "web", "10.96.3.4"));
        assertEquals(List.of("10.96.3.4"), addresses("WEB.Default.SVC.cluster.LOCAL.", Type.A));
    }

    @Test
    void headlessServiceAnswersItsReadyEndpointAddresses() {
        catalog.serviceChanged(headless("default", "db"));
        catalog.sliceChanged(slice("default", "db", "db-1", List.of(
                endpoint("10.42.0.5", true, null), endpoint("10.42.0.6", true, null), endpoint("10.42.0.7", false, null))));
        assertEquals(Set.of("10.42.0.5", "10.42.0.6"), Set.copyOf(addresses("db.default.svc.cluster.local.", Type.A)));
        assertEquals(List.of("10.42.0.5"), addresses("10-42-0-5.db.default.svc.cluster.local.", Type.A));
    }

    @Test
    void headlessServicePublishingNotReadyAddressesAnswersThemToo() {
        Service db = headless("default", "db");
        db.getSpec().setPublishNotReadyAddresses(true);
        catalog.serviceChanged(db);
        catalog.sliceChanged(slice("default", "db", "db-1", List.of(endpoint("10.42.0.7", false, null))));
        assertEquals(List.of("10.42.0.7"), addresses("db.default.svc.cluster.local.", Type.A));
    }

    @Test
    void sliceArrivingBeforeItsServiceCountsOnceTheServiceComes() {
        catalog.sliceChanged(slice("default", "db", "db-1", List.of(endpoint("10.42.0.5", true, null))));
        assertInstanceOf(Resolution.NxDomain.class, resolve("db.default.svc.cluster.local.", Type.A));
        catalog.serviceChanged(headless("default", "db"));
        assertEquals(List.of("10.42.0.5"), addresses("db.default.svc.cluster.local.", Type.A));
    }

    @Test
    void endpointWithHostnameHasItsOwnName() {
        catalog.serviceChanged(headless("default", "db"));
        catalog.sliceChanged(slice("default", "db", "db-1", List.of(endpoint("10.42.0.5", true, "db-0"))));
        assertEquals(List.of("10.42.0.5"), addresses("db-0.db.default.svc.cluster.local.", Type.A));
    }

    @Test
    void endpointLeavingRemovesItsNames() {
        catalog.serviceChanged(headless("default", "db"));
        catalog.sliceChanged(slice("default", "db", "db-1", List.of(endpoint("10.42.0.5", true, "db-0"))));
        catalog.sliceDeleted(slice("default", "db", "db-1", List.of()));
        assertInstanceOf(Resolution.NxDomain.class, resolve("db-0.db.default.svc.cluster.local.", Type.A));
        assertInstanceOf(Resolution.NoData.class, resolve("db.default.svc.cluster.local.", Type.A));
        assertInstanceOf(Resolution.Forward.class, resolve("5.0.42.10.in-addr.arpa.", Type.PTR));
    }

    @Test
    void namedPortOfAClusterIpServiceHasAnSrvRecordTargetingTheService() {
        catalog.serviceChanged(clusterIp("default", "web", "10.96.3.4", port("http", "TCP", 80), port(null, "TCP", 81)));
        List<Record> srv = answer("_http._tcp.web.default.svc.cluster.local.", Type.SRV);
        assertEquals(1, srv.size());
        SRVRecord r = (SRVRecord) srv.get(0);
        assertEquals(80, r.getPort());
        assertEquals(name("web.default.svc.cluster.local."), r.getTarget());
        assertInstanceOf(Resolution.NoData.class, resolve("_tcp.web.default.svc.cluster.local.", Type.SRV));
    }

    @Test
    void namedPortOfAHeadlessServiceHasAnSrvRecordPerEndpoint() {
        catalog.serviceChanged(headless("default", "db", port("sql", "TCP", 5432)));
        catalog.sliceChanged(slice("default", "db", "db-1", List.of(endpoint("10.42.0.5", true, "db-0"),
                endpoint("10.42.0.6", true, null)), endpointPort("sql", "TCP", 15432)));
        Set<String> targets = answer("_sql._tcp.db.default.svc.cluster.local.", Type.SRV).stream()
                .map(r -> ((SRVRecord) r).getPort() + " " + ((SRVRecord) r).getTarget()).collect(Collectors.toSet());
        assertEquals(Set.of("15432 db-0.db.default.svc.cluster.local.", "15432 10-42-0-6.db.default.svc.cluster.local."),
                targets);
    }

    @Test
    void externalNameServiceIsACname() {
        catalog.serviceChanged(externalName("default", "ext", "api.example.com"));
        Resolution.Answer a = (Resolution.Answer) resolve("ext.default.svc.cluster.local.", Type.A);
        assertEquals(name("api.example.com."), ((CNAMERecord) a.records().get(0)).getTarget());
        assertEquals(name("api.example.com."), a.chase());
    }

    @Test
    void externalNamePointingIntoTheZoneIsFollowedHere() {
        catalog.serviceChanged(clusterIp("default", "web", "10.96.3.4"));
        catalog.serviceChanged(externalName("default", "alias", "web.default.svc.cluster.local"));
        Resolution.Answer a = (Resolution.Answer) resolve("alias.default.svc.cluster.local.", Type.A);
        assertNull(a.chase());
        assertEquals(2, a.records().size());
        assertEquals(Type.A, a.records().get(1).getType());
    }

    @Test
    void serviceAndEndpointAddressesHavePtrRecords() {
        catalog.serviceChanged(clusterIp("default", "web", "10.96.3.4"));
        catalog.sliceChanged(slice("default", "web", "web-1", List.of(endpoint("10.42.0.9", true, null))));
        catalog.serviceChanged(headless("default", "db"));
        catalog.sliceChanged(slice("default", "db", "db-1", List.of(endpoint("10.42.0.5", true, "db-0"))));
        assertEquals(name("web.default.svc.cluster.local."), ptr("4.3.96.10.in-addr.arpa."));
        assertEquals(name("10-42-0-9.default.pod.cluster.local."), ptr("9.0.42.10.in-addr.arpa."));
        assertEquals(name("db-0.db.default.svc.cluster.local."), ptr("5.0.42.10.in-addr.arpa."));
        assertInstanceOf(Resolution.Forward.class, resolve("1.1.168.192.in-addr.arpa.", Type.PTR));
    }

    @Test
    void podNamesAnswerTheAddressTheySpell() {
        assertEquals(List.of("10.42.1.7"), addresses("10-42-1-7.default.pod.cluster.local.", Type.A));
        assertInstanceOf(Resolution.NoData.class, resolve("10-42-1-7.default.pod.cluster.local.", Type.AAAA));
        assertInstanceOf(Resolution.NxDomain.class, resolve("10-42-1-999.default.pod.cluster.local.", Type.A));
        assertInstanceOf(Resolution.NoData.class, resolve("default.pod.cluster.local.", Type.A));
    }

    @Test
    void apexHasSoaAndNamesOutsideTheZoneAreForwarded() {
        assertEquals(Type.SOA, answer("cluster.local.", Type.SOA).get(0).getType());
        assertEquals(List.of("10.96.0.10"), addresses("ns.dns.cluster.local.", Type.A));
        assertInstanceOf(Resolution.Forward.class, resolve("example.com.", Type.A));
    }

    @Test
    void changeListenerHearsTheNamesThatChanged() {
        catalog.serviceChanged(clusterIp("default", "web", "10.96.3.4"));
        Set<Name> changed = changes.get(changes.size() - 1);
        assertTrue(changed.contains(name("web.default.svc.cluster.local.")));
        assertTrue(changed.contains(name("default.svc.cluster.local.")));
        int before = changes.size();
        catalog.serviceChanged(clusterIp("default", "web", "10.96.3.4"));
        assertEquals(before, changes.size(), "an unchanged Service changes nothing");
    }

    private Resolution resolve(String name, int type) {
        return index.resolve(name(name), type);
    }

    private List<Record> answer(String name, int type) {
        return ((Resolution.Answer) resolve(name, type)).records();
    }

    private Name ptr(String reverse) {
        return ((PTRRecord) answer(reverse, Type.PTR).get(0)).getTarget();
    }

    private List<String> addresses(String name, int type) {
        return answer(name, type).stream().map(Record::rdataToString).toList();
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
