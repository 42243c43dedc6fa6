package io.timonel.kernel.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.json.Json;
import io.timonel.kernel.objects.ObjectService;
import io.timonel.kernel.registry.ResourceRegistry;
import io.timonel.spi.resource.ResourceType;
import java.util.List;

/**
 * The discovery documents: {@code /api}, {@code /apis}, {@code /apis/G}, the per group-version
 * APIResourceLists, and the aggregated form (apidiscovery.k8s.io/v2) that kubectl asks for first.
 * All are derived from the registry snapshot on each call; they are small.
 */
public final class Discovery {
    /** The media type of aggregated discovery (APIGroupDiscoveryList). */
    public static final String AGGREGATED_TYPE = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    private final ResourceRegistry registry;

    public Discovery(ResourceRegistry registry) {
        this.registry = registry;
    }

    /** Whether the Accept header asks for aggregated discovery (v2). */
    public static boolean wantsAggregated(String accept) {
        return accept != null && accept.contains("as=APIGroupDiscoveryList") && accept.contains("v=v2;")
                || accept != null && accept.contains("g=apidiscovery.k8s.io;v=v2,");
    }

    public ObjectNode apiVersions(String serverAddress) {
        ObjectNode o = Json.object();
        o.put("kind", "APIVersions");
        o.putArray("versions").add("v1");
        o.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
                .put("serverAddress", serverAddress);
        return o;
    }

    public ObjectNode groupList() {
        ObjectNode o = Json.object();
        o.put("kind", "APIGroupList");
        o.put("apiVersion", "v1");
        ArrayNode groups = o.putArray("groups");
        ResourceRegistry.Snapshot s = registry.snapshot();
        for (String g : s.groups()) {
            if (!g.isEmpty()) {
                groups.add(group(s, g));
            }
        }
        return o;
    }

    /** The APIGroup document of {@code group}, or null when not served. */
    public ObjectNode group(String group) {
        ResourceRegistry.Snapshot s = registry.snapshot();
        return s.versions(group).isEmpty() || group.isEmpty() ? null : withKind(group(s, group));
    }

    private static ObjectNode withKind(ObjectNode g) {
        ObjectNode o = Json.object();
        o.put("kind", "APIGroup");
        o.put("apiVersion", "v1");
        o.setAll(g);
        return o;
    }

    private static ObjectNode group(ResourceRegistry.Snapshot s, String group) {
        ObjectNode g = Json.object();
        g.put("name", group);
        ArrayNode versions = g.putArray("versions");
        for (String v : s.versions(group)) {
            versions.addObject().put("groupVersion", group + "/" + v).put("version", v);
        }
        String preferred = s.versions(group).get(0);
        g.putObject("preferredVersion").put("groupVersion", group + "/" + preferred).put("version", preferred);
        return g;
    }

    /** The APIResourceList of a group-version, or null when not served. */
    public ObjectNode resourceList(String group, String version) {
        List<ResourceType> types = registry.snapshot().inGroupVersion(group, version);
        if (types.isEmpty()) {
            return null;
        }
        ObjectNode o = Json.object();
        o.put("kind", "APIResourceList");
        o.put("apiVersion", "v1");
        o.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = o.putArray("resources");
        for (ResourceType t : types) {
            ObjectNode r = resources.addObject();
            r.put("name", t.plural());
            r.put("singularName", t.singular());
            r.put("namespaced", t.namespaced());
            r.put("kind", t.kind());
            verbs(r.putArray("verbs"), t.verbs());
            if (!t.shortNames().isEmpty()) {
                verbs(r.putArray("shortNames"), t.shortNames());
            }
            if (!t.categories().isEmpty()) {
                verbs(r.putArray("categories"), t.categories());
            }
            for (Sub sub : subresources(t)) {
                ObjectNode sr = resources.addObject();
                sr.put("name", t.plural() + "/" + sub.name);
                sr.put("singularName", "");
                sr.put("namespaced", t.namespaced());
                if (sub.group != null) {
                    sr.put("group", sub.group).put("version", sub.version);
                }
                sr.put("kind", sub.kind);
                verbs(sr.putArray("verbs"), sub.verbs);
            }
        }
        return o;
    }

    /** Aggregated discovery of the core group ({@code /api}) or of all named groups ({@code /apis}). */
    public ObjectNode aggregated(boolean core) {
        ObjectNode o = Json.object();
        o.put("kind", "APIGroupDiscoveryList");
        o.put("apiVersion", "apidiscovery.k8s.io/v2");
        o.putObject("metadata");
        ArrayNode items = o.putArray("items");
        ResourceRegistry.Snapshot s = registry.snapshot();
        for (String group : s.groups()) {
            if (group.isEmpty() != core) {
                continue;
            }
            ObjectNode item = items.addObject();
            ObjectNode meta = item.putObject("metadata");
            if (!group.isEmpty()) {
                meta.put("name", group);
            }
            ArrayNode versions = item.putArray("versions");
            for (String v : s.versions(group)) {
                ObjectNode ver = versions.addObject();
                ver.put("version", v);
                ArrayNode resources = ver.putArray("resources");
                for (ResourceType t : s.inGroupVersion(group, v)) {
                    ObjectNode r = resources.addObject();
                    r.put("resource", t.plural());
                    gvk(r.putObject("responseKind"), t.group(), t.version(), t.kind());
                    r.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
                    r.put("singularResource", t.singular());
                    verbs(r.putArray("verbs"), t.verbs());
                    if (!t.shortNames().isEmpty()) {
                        verbs(r.putArray("shortNames"), t.shortNames());
                    }
                    if (!t.categories().isEmpty()) {
                        verbs(r.putArray("categories"), t.categories());
                    }
                    List<Sub> subs = subresources(t);
                    if (!subs.isEmpty()) {
                        ArrayNode sa = r.putArray("subresources");
                        for (Sub sub : subs) {
                            ObjectNode so = sa.addObject();
                            so.put("subresource", sub.name);
                            gvk(so.putObject("responseKind"), sub.group == null ? t.group() : sub.group,
                                    sub.group == null ? t.version() : sub.version, sub.kind);
                            verbs(so.putArray("verbs"), sub.verbs);
                        }
                    }
                }
                ver.put("freshness", "Current");
            }
        }
        return o;
    }

    private static void gvk(ObjectNode o, String group, String version, String kind) {
        o.put("group", group).put("version", version).put("kind", kind);
    }

    private static void verbs(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    private record Sub(String name, String group, String version, String kind, List<String> verbs) {
    }

    private static List<Sub> subresources(ResourceType t) {
        List<String> rw = List.of("get", "patch", "update");
        java.util.ArrayList<Sub> subs = new java.util.ArrayList<>();
        if (t.statusSubresource()) {
            subs.add(new Sub("status", null, null, t.kind(), rw));
        }
        if (t.scale() != null) {
            subs.add(new Sub("scale", "autoscaling", "v1", "Scale", rw));
        }
        if (ObjectService.isPods(t)) {
            subs.add(new Sub("binding", null, null, "Binding", List.of("create")));
            subs.add(new Sub("eviction", "policy", "v1", "Eviction", List.of("create")));
            subs.add(new Sub(ObjectService.EPHEMERAL_CONTAINERS, null, null, "Pod", List.of("get", "patch", "update")));
            // the connect subresources, served by proxying to the pod's node agent (api/connect)
            subs.add(new Sub("attach", null, null, "PodAttachOptions", List.of("create", "get")));
            subs.add(new Sub("exec", null, null, "PodExecOptions", List.of("create", "get")));
            subs.add(new Sub("log", null, null, "Pod", List.of("get")));
            subs.add(new Sub("portforward", null, null, "PodPortForwardOptions", List.of("create", "get")));
        }
        return subs;
    }
}
