package io.timonel.plugins.ingress.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * One path of a host's rules and where it sends traffic.
 *
 * @param path    the rule's path (starting with {@code /})
 * @param type    how it matches
 * @param backend where matching requests go
 * @param source  the Ingress that declared it ({@code namespace/name}), for logs and responses
 */
public record PathRoute(String path, PathType type, BackendRef backend, String source) {

    /** Whether {@code requestPath} (decoded, without query) matches this route. */
    public boolean matches(String requestPath) {
        if (type == PathType.EXACT) {
            return path.equals(requestPath);
        }
        List<String> prefix = elements(path);
        List<String> request = elements(requestPath);
        return request.size() >= prefix.size() && request.subList(0, prefix.size()).equals(prefix);
    }

    /**
     * The length by which routes compete, longest first: the path's length without a trailing
     * slash, so that Prefix {@code /foo/} and {@code /foo} weigh the same.
     */
    int weight() {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.length();
    }

    /** The non-empty elements of a path: {@code /a//b/} is {@code [a, b]}. */
    static List<String> elements(String path) {
        List<String> out = new ArrayList<>();
        for (String e : path.split("/")) {
            if (!e.isEmpty()) {
                out.add(e);
            }
        }
        return out;
    }
}
