package io.timonel.plugins.ingress.routing;

/** How an Ingress path matches a request path ({@code spec.rules[].http.paths[].pathType}). */
public enum PathType {
    /** The request path equals the rule's path, character for character. */
    EXACT,
    /**
     * The rule's path, split on {@code /}, is an element-wise prefix of the request's path: {@code /foo}
     * matches {@code /foo}, {@code /foo/} and {@code /foo/bar} but not {@code /foobar}; a trailing slash
     * on either side does not count.
     */
    PREFIX;

    /**
     * The type for an Ingress's {@code pathType}: {@code Exact} and {@code Prefix} as named;
     * {@code ImplementationSpecific} (and a missing type) is this controller's choice, Prefix.
     */
    public static PathType of(String pathType) {
        return "Exact".equals(pathType) ? EXACT : PREFIX;
    }
}
