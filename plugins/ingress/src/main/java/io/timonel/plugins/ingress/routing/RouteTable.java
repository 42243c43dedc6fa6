package io.timonel.plugins.ingress.routing;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An immutable routing table built from the Ingresses one controller serves: which backend a
 * request goes to, by its host and path. Rebuilt whole on every change and swapped in at once, so
 * a request always sees one consistent set of Ingresses.
 *
 * <p>Host: a rule's exact host first, else a wildcard host {@code *.example.com} (which stands for
 * exactly one more label: {@code a.example.com}, not {@code example.com} nor {@code a.b.example.com}),
 * else the rules without a host. Hosts compare without case, port and trailing dot. The host so
 * chosen is final, as a virtual server is: when none of its paths matches, the request goes to its
 * fallback, then to the table's default backend, not to a less specific host's paths.
 *
 * <p>Path: see {@link HostRoutes} for precedence. Rules for the same host from several Ingresses
 * merge; when two declare the same path and type, the older Ingress (by creation time, then
 * namespace/name) wins.
 *
 * <p>Default backend: the {@code spec.defaultBackend} of the oldest Ingress that has one.
 */
public final class RouteTable {
    /** The table of no Ingress at all: everything is 404. */
    public static final RouteTable EMPTY = new RouteTable(Map.of(), Map.of(), null, null);

    private static final Comparator<Ingress> AGE = Comparator
            .comparing((Ingress i) -> String.valueOf(i.getMetadata().getCreationTimestamp()))
            .thenComparing(i -> String.valueOf(i.getMetadata().getNamespace()))
            .thenComparing(i -> i.getMetadata().getName());

    private final Map<String, HostRoutes> exact;
    private final Map<String, HostRoutes> wildcard; // keyed by the suffix after '*', e.g. ".example.com"
    private final HostRoutes anyHost;
    private final Route.To defaultBackend;

    private RouteTable(Map<String, HostRoutes> exact, Map<String, HostRoutes> wildcard, HostRoutes anyHost,
                       Route.To defaultBackend) {
        this.exact = Map.copyOf(exact);
        this.wildcard = Map.copyOf(wildcard);
        this.anyHost = anyHost;
        this.defaultBackend = defaultBackend;
    }

    /**
     * The table for {@code ingresses} (all served by this controller; the caller filters by class).
     * Rules with a backend other than a Service (a {@code resource} backend) are left out.
     */
    public static RouteTable of(Collection<Ingress> ingresses) {
        List<Ingress> byAge = ingresses.stream().sorted(AGE).toList();
        Map<String, List<PathRoute>> paths = new LinkedHashMap<>();
        Map<String, Route.To> fallbacks = new LinkedHashMap<>();
        Route.To defaultBackend = null;
        for (Ingress ingress : byAge) {
            String ns = ingress.getMetadata().getNamespace();
            String source = ns + "/" + ingress.getMetadata().getName();
            if (ingress.getSpec() == null) {
                continue;
            }
            BackendRef ownDefault = backend(ns, ingress.getSpec().getDefaultBackend());
            Route.To ownFallback = ownDefault == null ? null : new Route.To(ownDefault, source);
            if (defaultBackend == null) {
                defaultBackend = ownFallback;
            }
            for (IngressRule rule : nonNull(ingress.getSpec().getRules())) {
                String host = rule.getHost() == null || rule.getHost().isEmpty() ? "" : normalize(rule.getHost());
                if (ownFallback != null && !host.isEmpty()) {
                    fallbacks.putIfAbsent(host, ownFallback);
                }
                if (rule.getHttp() == null) {
                    continue;
                }
                for (HTTPIngressPath p : nonNull(rule.getHttp().getPaths())) {
                    BackendRef ref = backend(ns, p.getBackend());
                    if (ref == null) {
                        continue;
                    }
                    String path = p.getPath() == null || p.getPath().isEmpty() ? "/" : p.getPath();
                    paths.computeIfAbsent(host, h -> new ArrayList<>())
                            .add(new PathRoute(path, PathType.of(p.getPathType()), ref, source));
                }
            }
        }
        Map<String, HostRoutes> exact = new LinkedHashMap<>();
        Map<String, HostRoutes> wildcard = new LinkedHashMap<>();
        HostRoutes anyHost = null;
        for (Map.Entry<String, List<PathRoute>> e : paths.entrySet()) {
            HostRoutes routes = new HostRoutes(firstOfEach(e.getValue()), fallbacks.get(e.getKey()));
            if (e.getKey().isEmpty()) {
                anyHost = routes;
            } else if (e.getKey().startsWith("*.")) {
                wildcard.put(e.getKey().substring(1), routes);
            } else {
                exact.put(e.getKey(), routes);
            }
        }
        // hosts whose Ingress has a default backend but only rules without paths
        for (Map.Entry<String, Route.To> e : fallbacks.entrySet()) {
            if (!paths.containsKey(e.getKey())) {
                HostRoutes routes = new HostRoutes(List.of(), e.getValue());
                if (e.getKey().startsWith("*.")) {
                    wildcard.put(e.getKey().substring(1), routes);
                } else {
                    exact.put(e.getKey(), routes);
                }
            }
        }
        return new RouteTable(exact, wildcard, anyHost, defaultBackend);
    }

    /**
     * Where a request for {@code host} (as in the Host header; may carry a port; null when absent)
     * and {@code path} (decoded, without query) goes.
     */
    public Route route(String host, String path) {
        HostRoutes routes = hostRoutes(host == null ? "" : normalize(host));
        Route.To to = routes == null ? null : routes.route(path == null || path.isEmpty() ? "/" : path);
        if (to != null) {
            return to;
        }
        return defaultBackend != null ? defaultBackend : Route.NOT_FOUND;
    }

    /** Every backend some route leads to (what the endpoints must be resolved for). */
    public Set<BackendRef> backends() {
        Set<BackendRef> out = new HashSet<>();
        List<HostRoutes> all = new ArrayList<>(exact.values());
        all.addAll(wildcard.values());
        if (anyHost != null) {
            all.add(anyHost);
        }
        for (HostRoutes r : all) {
            r.paths().forEach(p -> out.add(p.backend()));
            if (r.fallback() != null) {
                out.add(r.fallback().backend());
            }
        }
        if (defaultBackend != null) {
            out.add(defaultBackend.backend());
        }
        return out;
    }

    private HostRoutes hostRoutes(String host) {
        if (!host.isEmpty()) {
            HostRoutes routes = exact.get(host);
            if (routes != null) {
                return routes;
            }
            int dot = host.indexOf('.');
            if (dot > 0) {
                routes = wildcard.get(host.substring(dot));
                if (routes != null) {
                    return routes;
                }
            }
        }
        return anyHost;
    }

    /** {@code Foo.Example.com.:8443} is {@code foo.example.com}; IPv6 literals keep their brackets. */
    static String normalize(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon >= 0 && h.indexOf(']') < colon && (h.startsWith("[") || h.indexOf(':') == colon)) {
            h = h.substring(0, colon);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    /** The first route of each (path, type): the older Ingress's. */
    private static List<PathRoute> firstOfEach(List<PathRoute> routes) {
        Set<String> seen = new HashSet<>();
        List<PathRoute> out = new ArrayList<>();
        for (PathRoute r : routes) {
            if (seen.add(r.type() + " " + r.path())) {
                out.add(r);
            }
        }
        return out;
    }

    private static BackendRef backend(String namespace, IngressBackend backend) {
        if (backend == null || backend.getService() == null) {
            return null;
        }
        IngressServiceBackend service = backend.getService();
        if (service.getName() == null || service.getPort() == null) {
            return null;
        }
        if (service.getPort().getName() != null && !service.getPort().getName().isEmpty()) {
            return BackendRef.named(namespace, service.getName(), service.getPort().getName());
        }
        Integer number = service.getPort().getNumber();
        return number == null || number <= 0 ? null : BackendRef.numbered(namespace, service.getName(), number);
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
