package io.timonel.kernel.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a request path and method mean in Kubernetes' terms (the API server's RequestInfo).
 *
 * @param resourceRequest whether this addresses a resource (under /api/v1 or /apis/G/V with a resource)
 * @param verb            get, list, watch, create, update, patch, delete, deletecollection; for
 *                        non-resource requests the lower-case HTTP method
 * @param prefix          {@code api} or {@code apis} (empty for non-resource paths)
 * @param group           API group, empty for core
 * @param version         API version, empty when the path stops before it
 * @param namespace       namespace from the path, empty when none
 * @param resource        plural resource name, empty when none
 * @param name            object name, empty for collections
 * @param subresource     e.g. {@code status}, empty when none
 * @param path            the raw path
 */
public record RequestInfo(boolean resourceRequest, String verb, String prefix, String group, String version,
                          String namespace, String resource, String name, String subresource, String path) {

    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");
    private static final Set<String> CONNECT_CREATE = Set.of("exec", "attach", "portforward");

    /** Parses a request; {@code watchParam} is the value of the {@code watch} query parameter. */
    public static RequestInfo parse(String method, String path, String watchParam) {
        String verbFromMethod = method.toLowerCase(java.util.Locale.ROOT);
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        if (parts.isEmpty() || !(parts.get(0).equals("api") || parts.get(0).equals("apis"))) {
            return nonResource(verbFromMethod, path);
        }
        String prefix = parts.get(0);
        int i = 1;
        String group = "";
        if (prefix.equals("apis")) {
            if (parts.size() < 3) {
                return new RequestInfo(false, verbFromMethod, prefix, parts.size() > 1 ? parts.get(1) : "", "", "",
                        "", "", "", path);
            }
            group = parts.get(1);
            i = 2;
        } else if (parts.size() < 2) {
            return new RequestInfo(false, verbFromMethod, prefix, "", "", "", "", "", "", path);
        }
        String version = parts.get(i++);
        List<String> rest = parts.subList(i, parts.size());
        if (rest.isEmpty()) {
            return new RequestInfo(false, verbFromMethod, prefix, group, version, "", "", "", "", path);
        }
        boolean legacyWatch = false;
        if (rest.get(0).equals("watch")) {
            legacyWatch = true;
            rest = rest.subList(1, rest.size());
        }
        String namespace = "";
        if (rest.size() >= 2 && rest.get(0).equals("namespaces")
                && !(rest.size() == 3 && NAMESPACE_SUBRESOURCES.contains(rest.get(2)))) {
            if (rest.size() == 2) {
                // /namespaces/NAME is the namespace object itself
                rest = List.of("namespaces", rest.get(1));
            } else {
                namespace = rest.get(1);
                rest = rest.subList(2, rest.size());
            }
        }
        if (rest.isEmpty() || rest.size() > 3) {
            return new RequestInfo(false, verbFromMethod, prefix, group, version, namespace, "", "", "", path);
        }
        String resource = rest.get(0);
        String name = rest.size() > 1 ? rest.get(1) : "";
        String sub = rest.size() > 2 ? rest.get(2) : "";
        boolean watch = legacyWatch || "true".equals(watchParam) || "1".equals(watchParam);
        String verb = switch (method) {
            case "GET", "HEAD" -> watch ? "watch" : name.isEmpty() ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name.isEmpty() ? "deletecollection" : "delete";
            default -> verbFromMethod;
        };
        if (verb.equals("get") && group.isEmpty() && resource.equals("pods") && CONNECT_CREATE.contains(sub)) {
            // a WebSocket exec/attach/port-forward is a GET, but it does what POST does: authorize as create
            verb = "create";
        }
        return new RequestInfo(true, verb, prefix, group, version, namespace, resource, name, sub, path);
    }

    private static RequestInfo nonResource(String verb, String path) {
        return new RequestInfo(false, verb, "", "", "", "", "", "", "", path);
    }
}
