package io.timonel.plugins.coreapi.core.allocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ObjectWriteHook;
import io.timonel.spi.resource.Reservation;
import io.timonel.spi.resource.Reservations;
import io.timonel.spi.resource.WriteHookContext;
import io.timonel.spi.resource.WriteHookResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.pf4j.Extension;

/**
 * Allocates Services' cluster IPs and node ports in the API server's write path, as Kubernetes'
 * service registry does: a requested {@code spec.clusterIP} (or node port) is honoured when it
 * is in range and free, otherwise the Service gets a random free one; {@code None} is headless;
 * ExternalName Services get no cluster IP; the cluster IP cannot change once set (but by
 * changing to or from ExternalName); changes of type and of ports allocate and release node
 * ports; a delete releases everything. Uniqueness comes from the kernel's reservations, so
 * concurrent creates never share a value.
 *
 * <p>Settings ({@link WriteHookContext#settings()}): {@code service-cluster-ip-range}
 * (default {@value #DEFAULT_CLUSTER_IP_RANGE}), {@code service-node-port-range} (default
 * {@value #DEFAULT_NODE_PORT_RANGE}).
 */
@Extension
public final class ServiceAllocator implements ObjectWriteHook {
    public static final String NAME = "service-allocator";
    /** The pool of cluster IPs. */
    public static final String IP_POOL = "service-cluster-ips";
    /** The pool of node ports (health-check node ports included). */
    public static final String PORT_POOL = "service-node-ports";
    static final String DEFAULT_CLUSTER_IP_RANGE = "10.96.0.0/12";
    static final String DEFAULT_NODE_PORT_RANGE = "30000-32767";

    private final RandomGenerator random;

    /** The extension PF4J instantiates. */
    public ServiceAllocator() {
        this(new Random());
    }

    ServiceAllocator(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String group() {
        return "";
    }

    @Override
    public String resource() {
        return "services";
    }

    @Override
    public WriteHookResult beforeCreate(ObjectNode service, WriteHookContext context) {
        return allocate(null, service, context);
    }

    @Override
    public WriteHookResult beforeUpdate(JsonNode old, ObjectNode service, WriteHookContext context) {
        if (!(service.get("spec") instanceof ObjectNode)) {
            return WriteHookResult.ok(); // validation reports it
        }
        ServiceUpdates.keepAllocatedValues(old, service);
        ServiceUpdates.dropTypeDependentFields(old, service);
        return allocate(old, service, context);
    }

    @Override
    public void afterUpdate(JsonNode old, JsonNode stored, WriteHookContext context) {
        release(Holdings.of(old).minus(Holdings.of(stored)), Reservation.Owner.of(old), context.reservations());
    }

    @Override
    public void abort(JsonNode old, JsonNode attempted, WriteHookContext context) {
        release(Holdings.of(attempted).minus(Holdings.of(old)), Reservation.Owner.of(attempted),
                context.reservations());
    }

    @Override
    public void afterDelete(JsonNode deleted, WriteHookContext context) {
        release(Holdings.of(deleted), Reservation.Owner.of(deleted), context.reservations());
    }

    @Override
    public void repair(WriteHookContext context) {
        new AllocationRepair(context).run();
    }

    private static void release(Holdings holdings, Reservation.Owner owner, Reservations reservations) {
        if (holdings.clusterIP() != null) {
            reservations.release(IP_POOL, holdings.clusterIP(), owner);
        }
        for (int port : holdings.nodePorts()) {
            reservations.release(PORT_POOL, Integer.toString(port), owner);
        }
    }

    private WriteHookResult allocate(JsonNode old, ObjectNode service, WriteHookContext context) {
        if (!(service.get("spec") instanceof ObjectNode spec)) {
            return WriteHookResult.ok();
        }
        Ipv4Cidr cidr;
        PortRange ports;
        try {
            Map<String, String> settings = context.settings();
            cidr = Ipv4Cidr.parse(settings.getOrDefault("service-cluster-ip-range", DEFAULT_CLUSTER_IP_RANGE));
            ports = PortRange.parse(settings.getOrDefault("service-node-port-range", DEFAULT_NODE_PORT_RANGE));
        } catch (IllegalArgumentException e) {
            return WriteHookResult.refused(500, "InternalError", "Internal error occurred: " + e.getMessage());
        }
        Attempt attempt = new Attempt(context.reservations(), Reservation.Owner.of(service), Holdings.of(old));
        List<FieldViolation> violations = new ArrayList<>();
        String full;
        try {
            full = clusterIP(old, spec, cidr, attempt, violations);
            if (full == null && violations.isEmpty()) {
                full = nodePorts(service, spec, ports, attempt, violations);
            }
        } catch (RuntimeException e) {
            attempt.undo();
            throw e;
        }
        if (full != null || !violations.isEmpty()) {
            attempt.undo();
            return full != null ? WriteHookResult.refused(500, "InternalError", "Internal error occurred: " + full)
                    : WriteHookResult.invalid(violations);
        }
        return WriteHookResult.ok();
    }

    /** Sets the cluster IP; returns a message when the range is full. */
    private String clusterIP(JsonNode old, ObjectNode spec, Ipv4Cidr cidr, Attempt attempt,
                             List<FieldViolation> violations) {
        String type = spec.path("type").asText("ClusterIP");
        String ip = spec.path("clusterIP").asText("");
        JsonNode ips = spec.path("clusterIPs");
        if (type.equals("ExternalName")) {
            if (!ip.isEmpty() || ips.size() > 0) {
                violations.add(FieldViolation.forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
            }
            return null;
        }
        if (ip.isEmpty() && ips.size() > 0) {
            ip = ips.get(0).asText("");
        }
        if (ips.size() > 0 && !ips.get(0).asText("").equals(ip)) {
            violations.add(FieldViolation.invalid("spec.clusterIPs[0]", ips.get(0).asText(""),
                    "must be same as spec.clusterIP"));
            return null;
        }
        if (ips.size() > 1) {
            violations.add(FieldViolation.invalid("spec.clusterIPs", ips.toString(),
                    "this cluster is single-stack (IPv4): at most one cluster IP"));
            return null;
        }
        ipFamilies(spec, violations);
        if (!violations.isEmpty()) {
            return null;
        }
        String oldIp = old != null && ServiceUpdates.needsClusterIP(old) ? old.path("spec").path("clusterIP").asText("")
                : "";
        if (!oldIp.isEmpty()) {
            if (!ip.equals(oldIp)) {
                violations.add(FieldViolation.invalid("spec.clusterIP", ip, "field is immutable"));
                return null;
            }
            setClusterIP(spec, ip);
            return null;
        }
        if (ip.equals("None")) {
            if (!type.equals("ClusterIP")) {
                violations.add(FieldViolation.invalid("spec.clusterIPs[0]", ip,
                        "may not be set to 'None' for " + type + " services"));
                return null;
            }
            setClusterIP(spec, ip);
            return null;
        }
        if (ip.isEmpty()) {
            OptionalLong picked = PoolAllocator.of(cidr, IP_POOL).allocate(attempt.reservations, attempt.owner,
                    Set.of(), random);
            if (picked.isEmpty()) {
                return "failed to allocate a serviceIP: range is full";
            }
            attempt.claimed(IP_POOL, Ipv4Cidr.format(picked.getAsLong()));
            setClusterIP(spec, Ipv4Cidr.format(picked.getAsLong()));
            return null;
        }
        OptionalLong address = Ipv4Cidr.parseAddress(ip);
        String field = "spec.clusterIPs[0]";
        if (address.isEmpty()) {
            violations.add(FieldViolation.invalid(field, ip,
                    "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
        } else if (!cidr.allocatable(address.getAsLong())) {
            violations.add(FieldViolation.invalid(field, ip, "failed to allocate IP " + ip + ": the provided IP ("
                    + ip + ") is not in the valid range. The range of valid IPs is " + cidr));
        } else if (!attempt.claim(IP_POOL, ip)) {
            violations.add(FieldViolation.invalid(field, ip, "failed to allocate IP " + ip
                    + ": provided IP is already allocated"));
        } else {
            setClusterIP(spec, ip);
        }
        return null;
    }

    private static void ipFamilies(ObjectNode spec, List<FieldViolation> violations) {
        JsonNode families = spec.path("ipFamilies");
        for (int i = 0; i < families.size(); i++) {
            if (!families.get(i).asText().equals("IPv4")) {
                violations.add(FieldViolation.notSupported("spec.ipFamilies[" + i + "]", families.get(i).asText(),
                        List.of("IPv4")));
            }
        }
        if (spec.path("ipFamilyPolicy").asText("").equals("RequireDualStack")) {
            violations.add(FieldViolation.invalid("spec.ipFamilyPolicy", "RequireDualStack",
                    "this cluster is not configured for dual-stack services"));
        }
        if (!spec.hasNonNull("ipFamilyPolicy")) {
            spec.put("ipFamilyPolicy", "SingleStack");
        }
        if (families.size() == 0) {
            spec.putArray("ipFamilies").add("IPv4");
        }
    }

    private static void setClusterIP(ObjectNode spec, String ip) {
        spec.put("clusterIP", ip);
        ArrayNode list = spec.putArray("clusterIPs");
        list.add(ip);
    }

    /** Claims the node ports (and health-check node port); returns a message when the range is full. */
    private String nodePorts(ObjectNode service, ObjectNode spec, PortRange range, Attempt attempt,
                             List<FieldViolation> violations) {
        String type = spec.path("type").asText("ClusterIP");
        if (!type.equals("NodePort") && !type.equals("LoadBalancer")) {
            return null; // validation refuses node ports on these types
        }
        boolean allocate = type.equals("NodePort") || spec.path("allocateLoadBalancerNodePorts").asBoolean(true);
        JsonNode ports = spec.path("ports");
        Map<String, Set<Integer>> byProtocol = new HashMap<>();
        Set<Integer> mine = new HashSet<>();
        // explicit ones first, so that random picks cannot take what a later port asks for
        for (int i = 0; i < ports.size(); i++) {
            int nodePort = ports.get(i).path("nodePort").asInt(0);
            if (nodePort == 0) {
                continue;
            }
            String field = "spec.ports[" + i + "].nodePort";
            String protocol = ports.get(i).path("protocol").asText("TCP");
            if (!range.contains(nodePort)) {
                violations.add(FieldViolation.invalid(field, nodePort, "provided port is not in the valid range. "
                        + "The range of valid ports is " + range));
            } else if (!byProtocol.computeIfAbsent(protocol, p -> new HashSet<>()).add(nodePort)) {
                violations.add(FieldViolation.duplicate(field, nodePort));
            } else if (!mine.contains(nodePort) && !attempt.claim(PORT_POOL, Integer.toString(nodePort))) {
                violations.add(FieldViolation.invalid(field, nodePort, "provided port is already allocated"));
            } else {
                mine.add(nodePort);
            }
        }
        int health = spec.path("healthCheckNodePort").asInt(0);
        boolean needsHealth = ServiceUpdates.needsHealthCheckPort(service);
        if (health != 0 && !needsHealth) {
            violations.add(FieldViolation.invalid("spec.healthCheckNodePort", health,
                    "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
        } else if (health != 0) {
            if (!range.contains(health)) {
                violations.add(FieldViolation.invalid("spec.healthCheckNodePort", health,
                        "provided port is not in the valid range. The range of valid ports is " + range));
            } else if (mine.contains(health) || !attempt.claim(PORT_POOL, Integer.toString(health))) {
                violations.add(FieldViolation.invalid("spec.healthCheckNodePort", health,
                        "provided port is already allocated"));
            } else {
                mine.add(health);
            }
        }
        if (!violations.isEmpty()) {
            return null;
        }
        PoolAllocator pool = PoolAllocator.of(range, PORT_POOL);
        if (allocate) {
            // a port number served on two protocols shares one node port, as in Kubernetes
            Map<Integer, Integer> byServicePort = new HashMap<>();
            for (JsonNode port : ports) {
                if (port.path("nodePort").asInt(0) != 0) {
                    byServicePort.put(port.path("port").asInt(), port.path("nodePort").asInt());
                }
            }
            for (JsonNode port : ports) {
                if (!(port instanceof ObjectNode p) || port.path("nodePort").asInt(0) != 0) {
                    continue;
                }
                Integer shared = byServicePort.get(port.path("port").asInt());
                String protocol = port.path("protocol").asText("TCP");
                if (shared != null && !byProtocol.computeIfAbsent(protocol, x -> new HashSet<>()).contains(shared)) {
                    p.put("nodePort", shared);
                    byProtocol.get(protocol).add(shared);
                    continue;
                }
                OptionalLong picked = pool.allocate(attempt.reservations, attempt.owner, toLongs(mine), random);
                if (picked.isEmpty()) {
                    return "failed to allocate a nodePort: range is full";
                }
                int value = (int) picked.getAsLong();
                attempt.claimed(PORT_POOL, Integer.toString(value));
                mine.add(value);
                byProtocol.computeIfAbsent(protocol, x -> new HashSet<>()).add(value);
                byServicePort.put(port.path("port").asInt(), value);
                p.put("nodePort", value);
            }
        }
        if (needsHealth && health == 0) {
            OptionalLong picked = pool.allocate(attempt.reservations, attempt.owner, toLongs(mine), random);
            if (picked.isEmpty()) {
                return "failed to allocate a nodePort: range is full";
            }
            attempt.claimed(PORT_POOL, Long.toString(picked.getAsLong()));
            spec.put("healthCheckNodePort", (int) picked.getAsLong());
        }
        return null;
    }

    private static Set<Long> toLongs(Set<Integer> values) {
        Set<Long> out = new HashSet<>();
        values.forEach(v -> out.add((long) v));
        return out;
    }

    /** The claims one write made, undone when the write is refused before it leaves the hook. */
    private static final class Attempt {
        final Reservations reservations;
        final Reservation.Owner owner;
        private final Holdings before;
        private final List<String[]> claims = new ArrayList<>();

        Attempt(Reservations reservations, Reservation.Owner owner, Holdings before) {
            this.reservations = reservations;
            this.owner = owner;
            this.before = before;
        }

        /** Claims a value the stored object does not already hold; true when it is now this write's. */
        boolean claim(String pool, String value) {
            boolean held = pool.equals(IP_POOL) ? value.equals(before.clusterIP())
                    : before.holdsPort(Integer.parseInt(value));
            if (held) {
                return true;
            }
            if (reservations.claim(pool, value, owner)) {
                claimed(pool, value);
                return true;
            }
            return false;
        }

        void claimed(String pool, String value) {
            claims.add(new String[] {pool, value});
        }

        void undo() {
            for (String[] claim : claims) {
                reservations.release(claim[0], claim[1], owner);
            }
            claims.clear();
        }
    }
}
