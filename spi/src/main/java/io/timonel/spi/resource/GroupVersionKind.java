package io.timonel.spi.resource;

/** A Kubernetes group, version and kind; the core group is the empty string. */
public record GroupVersionKind(String group, String version, String kind) {

    /** {@code v1} for the core group, {@code apps/v1} otherwise: the object's apiVersion. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** Parses an apiVersion ({@code v1}, {@code apps/v1}) with a kind. */
    public static GroupVersionKind of(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        return slash < 0
                ? new GroupVersionKind("", apiVersion, kind)
                : new GroupVersionKind(apiVersion.substring(0, slash), apiVersion.substring(slash + 1), kind);
    }
}
