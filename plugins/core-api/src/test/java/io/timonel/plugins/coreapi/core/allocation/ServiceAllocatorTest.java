package io.timonel.plugins.coreapi.core.allocation;

import static io.timonel.plugins.coreapi.support.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.coreapi.core.ServiceDefaults;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.WriteHookResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServiceAllocatorTest {
    private final TestClock clock = new TestClock();
    private final HookContext context = new HookContext(clock, Map.of());
    private final ServiceAllocator allocator = new ServiceAllocator(new Random(42));

    /** A defaulted Service as the kernel hands it to the hook: name, namespace and uid set. */
    private static ObjectNode service(String name, String spec) {
        ObjectNode svc = json("{metadata:{name:'" + name + "',namespace:'default',uid:'" + UUID.randomUUID()
                + "'},spec:" + spec + "}");
        new ServiceDefaults().applyDefaults(svc);
        return svc;
    }

    private ObjectNode created(String name, String spec) {
        ObjectNode svc = service(name, spec);
        assertEquals(WriteHookResult.ok(), allocator.beforeCreate(svc, context));
        return svc;
    }

    /** The update of {@code old} to {@code spec} (same identity), as the kernel would call it. */
    private static ObjectNode next(JsonNode old, String spec) {
        ObjectNode svc = json("{spec:" + spec + "}");
        svc.set("metadata", old.get("metadata").deepCopy());
        new ServiceDefaults().applyDefaults(svc);
        return svc;
    }

    private static String text(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            n = p.matches("\\d+") ? n.path(Integer.parseInt(p)) : n.path(p);
        }
        return n.asText();
    }

    private static List<FieldViolation> violations(WriteHookResult result) {
        return assertInstanceOf(WriteHookResult.Invalid.class, result).violations();
    }

    @Test
    void createAllocatesAClusterIPInTheRangeAndRecordsItsFamily() {
        ObjectNode svc = created("web", "{ports:[{port:80}]}");
        String ip = text(svc, "spec", "clusterIP");
        assertTrue(ip.startsWith("10.") && Ipv4Cidr.parse("10.96.0.0/12").allocatable(
                Ipv4Cidr.parseAddress(ip).getAsLong()), ip);
        assertEquals(ip, text(svc, "spec", "clusterIPs", "0"));
        assertEquals(1, svc.path("spec").path("clusterIPs").size());
        assertEquals("IPv4", text(svc, "spec", "ipFamilies", "0"));
        assertEquals("SingleStack", text(svc, "spec", "ipFamilyPolicy"));
        assertEquals(List.of(ip), context.reservations.values(ServiceAllocator.IP_POOL));
    }

    @Test
    void randomClusterIPsKeepClearOfTheLowBandThatClientsAskForByNumber() {
        long first = Ipv4Cidr.parse("10.96.0.0/12").firstHost();
        for (int i = 0; i < 200; i++) {
            long ip = Ipv4Cidr.parseAddress(text(created("s" + i, "{ports:[{port:80}]}"), "spec", "clusterIP"))
                    .getAsLong();
            assertTrue(ip >= first + 256, Ipv4Cidr.format(ip));
        }
    }

    @Test
    void aSmallRangeIsUsedUpWithoutNetworkOrBroadcastAddressThenReportedFull() {
        HookContext small = new HookContext(clock, Map.of("service-cluster-ip-range", "10.0.0.0/29"));
        Set<String> ips = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            ObjectNode svc = service("s" + i, "{ports:[{port:80}]}");
            assertEquals(WriteHookResult.ok(), allocator.beforeCreate(svc, small));
            ips.add(text(svc, "spec", "clusterIP"));
        }
        assertEquals(Set.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"), ips);
        WriteHookResult full = allocator.beforeCreate(service("s6", "{ports:[{port:80}]}"), small);
        assertEquals(500, assertInstanceOf(WriteHookResult.Refused.class, full).code());
    }

    @Test
    void requestedClusterIPIsHonouredOnceAndRefusedWhenTakenOrOutOfRange() {
        ObjectNode api = created("kubernetes", "{clusterIP:'10.96.0.1',ports:[{port:443}]}");
        assertEquals("10.96.0.1", text(api, "spec", "clusterIPs", "0"));

        List<FieldViolation> taken = violations(allocator.beforeCreate(
                service("other", "{clusterIP:'10.96.0.1',ports:[{port:80}]}"), context));
        assertEquals("spec.clusterIPs[0]", taken.get(0).field());
        assertTrue(taken.get(0).message().contains("provided IP is already allocated"), taken.get(0).message());

        for (String outside : List.of("10.95.255.255", "10.96.0.0", "10.111.255.255", "192.168.1.1")) {
            List<FieldViolation> v = violations(allocator.beforeCreate(
                    service("o", "{clusterIP:'" + outside + "',ports:[{port:80}]}"), context));
            assertTrue(v.get(0).message().contains("not in the valid range"), outside + ": " + v);
        }
        assertEquals(List.of("10.96.0.1"), context.reservations.values(ServiceAllocator.IP_POOL));
    }

    @Test
    void clusterIPsAloneIsTakenAsTheClusterIPAndMustAgreeWithIt() {
        ObjectNode svc = created("a", "{clusterIPs:['10.96.0.20'],ports:[{port:80}]}");
        assertEquals("10.96.0.20", text(svc, "spec", "clusterIP"));
        List<FieldViolation> v = violations(allocator.beforeCreate(
                service("b", "{clusterIP:'10.96.0.21',clusterIPs:['10.96.0.22'],ports:[{port:80}]}"), context));
        assertEquals("spec.clusterIPs[0]", v.get(0).field());
    }

    @Test
    void dualStackIsRefused() {
        assertEquals("spec.ipFamilies[0]", violations(allocator.beforeCreate(
                service("a", "{ipFamilies:['IPv6'],ports:[{port:80}]}"), context)).get(0).field());
        assertEquals("spec.ipFamilyPolicy", violations(allocator.beforeCreate(
                service("a", "{ipFamilyPolicy:'RequireDualStack',ports:[{port:80}]}"), context)).get(0).field());
    }

    @Test
    void headlessAndExternalNameServicesGetNoClusterIP() {
        ObjectNode headless = created("h", "{clusterIP:'None',selector:{app:'x'}}");
        assertEquals("None", text(headless, "spec", "clusterIPs", "0"));
        assertEquals("spec.clusterIPs[0]", violations(allocator.beforeCreate(
                service("h2", "{type:'NodePort',clusterIP:'None',ports:[{port:80}]}"), context)).get(0).field());
        ObjectNode external = created("e", "{type:'ExternalName',externalName:'example.com'}");
        assertFalse(external.path("spec").has("clusterIP"));
        assertEquals(List.of(), context.reservations.values(ServiceAllocator.IP_POOL));
        assertEquals("spec.clusterIPs", violations(allocator.beforeCreate(
                service("e2", "{type:'ExternalName',externalName:'x.org',clusterIP:'10.96.0.9'}"), context))
                .get(0).field());
    }

    @Test
    void nodePortServicesGetOneNodePortPerPortFromTheRange() {
        ObjectNode svc = created("np", "{type:'NodePort',ports:[{name:'a',port:80},{name:'b',port:81}]}");
        int a = svc.path("spec").path("ports").get(0).path("nodePort").asInt();
        int b = svc.path("spec").path("ports").get(1).path("nodePort").asInt();
        assertNotEquals(a, b);
        assertTrue(a >= 30000 && a <= 32767 && b >= 30000 && b <= 32767, a + " " + b);
        assertEquals(List.of(Integer.toString(Math.min(a, b)), Integer.toString(Math.max(a, b))),
                context.reservations.values(ServiceAllocator.PORT_POOL));
    }

    @Test
    void oneServicePortOnTwoProtocolsSharesItsNodePort() {
        ObjectNode svc = created("dns", "{type:'NodePort',ports:[{name:'udp',port:53,protocol:'UDP'},"
                + "{name:'tcp',port:53,protocol:'TCP'}]}");
        assertEquals(svc.path("spec").path("ports").get(0).path("nodePort"),
                svc.path("spec").path("ports").get(1).path("nodePort"));
        assertEquals(1, context.reservations.values(ServiceAllocator.PORT_POOL).size());
    }

    @Test
    void requestedNodePortIsHonouredOnceAndRefusedWhenTakenOrOutOfRange() {
        created("first", "{type:'NodePort',ports:[{port:80,nodePort:30080}]}");
        List<FieldViolation> taken = violations(allocator.beforeCreate(
                service("second", "{type:'LoadBalancer',ports:[{port:80,nodePort:30080}]}"), context));
        assertEquals("spec.ports[0].nodePort", taken.get(0).field());
        assertTrue(taken.get(0).message().contains("provided port is already allocated"));
        List<FieldViolation> outside = violations(allocator.beforeCreate(
                service("third", "{type:'NodePort',ports:[{port:80,nodePort:8080}]}"), context));
        assertTrue(outside.get(0).message().contains("30000-32767"), outside.toString());
        // the refused creates left no cluster IP behind
        assertEquals(1, context.reservations.values(ServiceAllocator.IP_POOL).size());
    }

    @Test
    void theConfiguredNodePortRangeIsUsed() {
        HookContext narrow = new HookContext(clock, Map.of("service-node-port-range", "40000-40001"));
        ObjectNode svc = service("np", "{type:'NodePort',ports:[{name:'a',port:80},{name:'b',port:81}]}");
        assertEquals(WriteHookResult.ok(), allocator.beforeCreate(svc, narrow));
        assertEquals(List.of("40000", "40001"), narrow.reservations.values(ServiceAllocator.PORT_POOL));
        assertInstanceOf(WriteHookResult.Refused.class,
                allocator.beforeCreate(service("full", "{type:'NodePort',ports:[{port:80}]}"), narrow));
    }

    @Test
    void loadBalancerWithLocalTrafficGetsAHealthCheckNodePort() {
        ObjectNode svc = created("lb", "{type:'LoadBalancer',externalTrafficPolicy:'Local',ports:[{port:80}]}");
        int health = svc.path("spec").path("healthCheckNodePort").asInt();
        assertTrue(health >= 30000 && health <= 32767);
        assertNotEquals(health, svc.path("spec").path("ports").get(0).path("nodePort").asInt());
        assertEquals(2, context.reservations.values(ServiceAllocator.PORT_POOL).size());
        ObjectNode cluster = created("lb2", "{type:'LoadBalancer',ports:[{port:80}]}");
        assertFalse(cluster.path("spec").has("healthCheckNodePort"));
    }

    @Test
    void loadBalancerWithoutNodePortAllocationGetsNone() {
        ObjectNode svc = created("lb", "{type:'LoadBalancer',allocateLoadBalancerNodePorts:false,ports:[{port:80}]}");
        assertFalse(svc.path("spec").path("ports").get(0).has("nodePort"));
    }

    @Test
    void clusterIPIsImmutableButKeptWhenAnUpdateLeavesItOut() {
        ObjectNode old = created("web", "{ports:[{port:80}]}");
        String ip = text(old, "spec", "clusterIP");
        ObjectNode replaced = next(old, "{ports:[{port:8080}]}");
        assertEquals(WriteHookResult.ok(), allocator.beforeUpdate(old, replaced, context));
        assertEquals(ip, text(replaced, "spec", "clusterIP"));
        assertEquals(ip, text(replaced, "spec", "clusterIPs", "0"));

        ObjectNode moved = next(old, "{clusterIP:'10.96.0.99',ports:[{port:80}]}");
        List<FieldViolation> v = violations(allocator.beforeUpdate(old, moved, context));
        assertEquals("spec.clusterIP", v.get(0).field());
        assertTrue(v.get(0).message().contains("field is immutable"));
        assertEquals(List.of(ip), context.reservations.values(ServiceAllocator.IP_POOL));
    }

    @Test
    void changingToExternalNameDropsTheClusterIPAndBackAllocatesANewOne() {
        ObjectNode old = created("web", "{ports:[{port:80}]}");
        String ip = text(old, "spec", "clusterIP");
        ObjectNode external = old.deepCopy();
        ((ObjectNode) external.get("spec")).put("type", "ExternalName").put("externalName", "example.com");
        assertEquals(WriteHookResult.ok(), allocator.beforeUpdate(old, external, context));
        assertFalse(external.path("spec").has("clusterIP"));
        assertFalse(external.path("spec").has("clusterIPs"));
        allocator.afterUpdate(old, external, context);
        assertEquals(List.of(), context.reservations.values(ServiceAllocator.IP_POOL));

        ObjectNode back = next(external, "{type:'ClusterIP',clusterIP:'" + ip + "',ports:[{port:80}]}");
        assertEquals(WriteHookResult.ok(), allocator.beforeUpdate(external, back, context));
        assertEquals(List.of(ip), context.reservations.values(ServiceAllocator.IP_POOL));
    }

    @Test
    void typeChangesAllocateAndReleaseNodePorts() {
        ObjectNode clusterIp = created("web", "{ports:[{name:'http',port:80}]}");
        ObjectNode nodePort = clusterIp.deepCopy();
        ((ObjectNode) nodePort.get("spec")).put("type", "NodePort");
        assertEquals(WriteHookResult.ok(), allocator.beforeUpdate(clusterIp, nodePort, context));
        allocator.afterUpdate(clusterIp, nodePort, context);
        int port = nodePort.path("spec").path("ports").get(0).path("nodePort").asInt();
        assertEquals(List.of(Integer.toString(port)), context.reservations.values(ServiceAllocator.PORT_POOL));

        // a replace that leaves nodePort out keeps it (ports matched by name)
        ObjectNode replaced = next(nodePort, "{type:'NodePort',clusterIP:'" + text(nodePort, "spec", "clusterIP")
                + "',ports:[{name:'http',port:80}]}");
        assertEquals(WriteHookResult.ok(), allocator.beforeUpdate(nodePort, replaced, context));
        assertEquals(port, replaced.path("spec").path("ports").get(0).path("nodePort").asInt());

        ObjectNode back = nodePort.deepCopy(); // a patch of the type alone: nodePort still in the body
        ((ObjectNode) back.get("spec")).put("type", "ClusterIP");
        assertEquals(WriteHookResult.ok(), allocator.beforeUpdate(nodePort, back, context));
        assertFalse(back.path("spec").path("ports").get(0).has("nodePort"));
        assertFalse(back.path("spec").has("externalTrafficPolicy"));
        allocator.afterUpdate(nodePort, back, context);
        assertEquals(List.of(), context.reservations.values(ServiceAllocator.PORT_POOL));
    }

    @Test
    void addedPortsGetNodePortsAndRemovedOnesReleaseThem() {
        ObjectNode old = created("np", "{type:'NodePort',ports:[{name:'a',port:80}]}");
        String a = text(old, "spec", "ports", "0", "nodePort");
        ObjectNode more = next(old, "{type:'NodePort',clusterIP:'" + text(old, "spec", "clusterIP")
                + "',ports:[{name:'a',port:80,nodePort:" + a + "},{name:'b',port:81}]}");
        assertEquals(WriteHookResult.ok(), allocator.beforeUpdate(old, more, context));
        allocator.afterUpdate(old, more, context);
        String b = text(more, "spec", "ports", "1", "nodePort");
        assertEquals(Set.of(a, b), Set.copyOf(context.reservations.values(ServiceAllocator.PORT_POOL)));

        ObjectNode fewer = next(more, "{type:'NodePort',clusterIP:'" + text(old, "spec", "clusterIP")
                + "',ports:[{name:'b',port:81,nodePort:" + b + "}]}");
        assertEquals(WriteHookResult.ok(), allocator.beforeUpdate(more, fewer, context));
        allocator.afterUpdate(more, fewer, context);
        assertEquals(List.of(b), context.reservations.values(ServiceAllocator.PORT_POOL));
    }

    @Test
    void abortReleasesOnlyWhatTheAttemptTook() {
        ObjectNode old = created("np", "{type:'NodePort',ports:[{name:'a',port:80}]}");
        String a = text(old, "spec", "ports", "0", "nodePort");
        ObjectNode more = next(old, "{type:'NodePort',ports:[{name:'a',port:80},{name:'b',port:81}]}");
        assertEquals(WriteHookResult.ok(), allocator.beforeUpdate(old, more, context));
        assertEquals(2, context.reservations.values(ServiceAllocator.PORT_POOL).size());
        allocator.abort(old, more, context);
        assertEquals(List.of(a), context.reservations.values(ServiceAllocator.PORT_POOL));
        assertEquals(1, context.reservations.values(ServiceAllocator.IP_POOL).size());

        ObjectNode fresh = created("other", "{ports:[{port:80}]}");
        allocator.abort(null, fresh, context);
        assertEquals(1, context.reservations.values(ServiceAllocator.IP_POOL).size());
    }

    @Test
    void deleteReleasesEverythingSoTheValuesCanBeAskedForAgain() {
        ObjectNode svc = created("lb", "{type:'LoadBalancer',externalTrafficPolicy:'Local',clusterIP:'10.96.0.50',"
                + "ports:[{port:80,nodePort:30050}]}");
        allocator.afterDelete(svc, context);
        assertEquals(List.of(), context.reservations.values(ServiceAllocator.IP_POOL));
        assertEquals(List.of(), context.reservations.values(ServiceAllocator.PORT_POOL));
        created("again", "{type:'NodePort',clusterIP:'10.96.0.50',ports:[{port:80,nodePort:30050}]}");
    }

    @Test
    void aFormerOwnerCannotReleaseWhatAnotherServiceTookSince() {
        ObjectNode first = created("a", "{clusterIP:'10.96.0.60',ports:[{port:80}]}");
        allocator.afterDelete(first, context);
        created("b", "{clusterIP:'10.96.0.60',ports:[{port:80}]}");
        allocator.afterDelete(first, context); // a repeated release of the old owner
        assertEquals(List.of("10.96.0.60"), context.reservations.values(ServiceAllocator.IP_POOL));
    }

    @Test
    void concurrentCreatesNeverShareAClusterIPOrNodePort() throws Exception {
        HookContext small = new HookContext(clock, Map.of("service-cluster-ip-range", "10.0.0.0/24",
                "service-node-port-range", "30000-30299"));
        ServiceAllocator shared = new ServiceAllocator();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        ConcurrentLinkedQueue<ObjectNode> made = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                start.await();
                ObjectNode svc = service("s" + n, "{type:'NodePort',ports:[{port:80}]}");
                if (shared.beforeCreate(svc, small) == WriteHookResult.ok()) {
                    made.add(svc);
                }
                return null;
            }));
        }
        start.countDown();
        for (var f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        Set<String> ips = new HashSet<>();
        Set<String> ports = new HashSet<>();
        for (ObjectNode svc : made) {
            assertTrue(ips.add(text(svc, "spec", "clusterIP")), "duplicate cluster IP");
            assertTrue(ports.add(text(svc, "spec", "ports", "0", "nodePort")), "duplicate node port");
        }
        assertEquals(200, made.size());
        assertEquals(200, small.reservations.values(ServiceAllocator.PORT_POOL).size());
    }

    @Test
    void repairReleasesOldOrphanedClaimsKeepsYoungOnesAndReclaimsUnreservedValues() {
        ObjectNode stored = created("kept", "{type:'NodePort',ports:[{port:80}]}");
        ObjectNode lost = created("crashed", "{ports:[{port:80}]}"); // claimed, then the write never happened
        ObjectNode legacy = service("legacy", "{clusterIP:'10.96.0.77',ports:[{port:80}]}"); // stored unreserved
        context.services.add(stored);
        context.services.add(legacy);
        clock.advance(Duration.ofMinutes(5));
        ObjectNode inFlight = created("in-flight", "{ports:[{port:80}]}");

        AllocationRepair.Outcome outcome = new AllocationRepair(context).run();

        assertEquals(new AllocationRepair.Outcome(1, 1), outcome);
        Set<String> ips = Set.copyOf(context.reservations.values(ServiceAllocator.IP_POOL));
        assertEquals(Set.of(text(stored, "spec", "clusterIP"), text(inFlight, "spec", "clusterIP"), "10.96.0.77"),
                ips);
        assertFalse(ips.contains(text(lost, "spec", "clusterIP")));
        assertEquals(List.of(text(stored, "spec", "ports", "0", "nodePort")),
                context.reservations.values(ServiceAllocator.PORT_POOL));
    }
}
