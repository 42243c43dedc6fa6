package io.timonel.plugins.coreapi.schema;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names model classes the way Kubernetes' OpenAPI names its definitions, e.g.
 * {@code V1PodSpec -> io.k8s.api.core.v1.PodSpec}, {@code V1ObjectMeta ->
 * io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta}.
 *
 * <p>The generated Java client drops the Go package from class names, keeping only the version
 * ({@code V1}) and, where two packages define the same name, a group prefix ({@code CoreV1Event},
 * {@code EventsV1Event}). So the package comes from, in order: the group prefix; the fixed set
 * of apimachinery types; the caller's notion of which classes are core/v1; otherwise the group of
 * the kind whose schema is being built (a DeploymentSpec is only ever reached from apps kinds).
 */
public final class ComponentNames {

    private static final Pattern CLASS_NAME =
            Pattern.compile("^([A-Z][a-z]+)?V(\\d+(?:(?:alpha|beta)\\d+)?)([A-Z].*)$");

    /** Unprefixed classes that live in k8s.io/apimachinery/pkg/apis/meta/v1. */
    private static final Set<String> META_TYPES = Set.of(
            "ObjectMeta", "ListMeta", "LabelSelector", "LabelSelectorRequirement", "OwnerReference",
            "ManagedFieldsEntry", "Condition", "Status", "StatusDetails", "StatusCause", "DeleteOptions",
            "Preconditions", "APIResource", "APIResourceList", "APIGroup", "APIGroupList", "APIVersions",
            "GroupVersionForDiscovery", "ServerAddressByClientCIDR", "WatchEvent", "FieldSelectorRequirement");

    /** Group prefixes of class names, lowercased, to the Go package path before the version. */
    private static final Map<String, String> PREFIX_PACKAGES = Map.of(
            "apiextensions", "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
            "apiregistration", "io.k8s.kube-aggregator.pkg.apis.apiregistration");

    private ComponentNames() {
    }

    /**
     * The definition name of {@code model}.
     *
     * @param model      a class of io.kubernetes.client.openapi.models
     * @param isCore     whether the class belongs to core/v1 (known from the core kinds' closure)
     * @param kindGroup  the API group of the kind being described, used when nothing else tells
     */
    public static String of(Class<?> model, boolean isCore, String kindGroup) {
        Matcher m = CLASS_NAME.matcher(model.getSimpleName());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a Kubernetes model class name: " + model.getName());
        }
        String prefix = m.group(1);
        String version = "v" + m.group(2);
        String name = m.group(3);
        if (prefix != null) {
            String lower = prefix.toLowerCase(Locale.ROOT);
            return PREFIX_PACKAGES.getOrDefault(lower, "io.k8s.api." + lower) + "." + version + "." + name;
        }
        if (META_TYPES.contains(name)) {
            return "io.k8s.apimachinery.pkg.apis.meta." + version + "." + name;
        }
        if (isCore) {
            return "io.k8s.api.core." + version + "." + name;
        }
        return groupPackage(kindGroup) + "." + version + "." + name;
    }

    /** Whether the class is an apimachinery meta type (shared by every group). */
    public static boolean isMeta(Class<?> model) {
        Matcher m = CLASS_NAME.matcher(model.getSimpleName());
        return m.matches() && m.group(1) == null && META_TYPES.contains(m.group(3));
    }

    /** The Go package of an API group's types, without the version. */
    static String groupPackage(String group) {
        if (group.isEmpty()) {
            return "io.k8s.api.core";
        }
        if (group.equals("apiextensions.k8s.io")) {
            return PREFIX_PACKAGES.get("apiextensions");
        }
        if (group.equals("apiregistration.k8s.io")) {
            return PREFIX_PACKAGES.get("apiregistration");
        }
        // rbac.authorization.k8s.io -> rbac, networking.k8s.io -> networking, apps -> apps
        int dot = group.indexOf('.');
        return "io.k8s.api." + (dot < 0 ? group : group.substring(0, dot));
    }
}
