package io.timonel.kernel.openapi;

import io.timonel.spi.resource.GroupVersionKind;
import io.timonel.spi.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The REST paths and operations of one resource type, in a form neutral to the OpenAPI version:
 * {@link OpenApiV3Documents} and {@link OpenApiV2Document} render the same list. Kept compact:
 * the main verbs and the status subresource, with the parameters clients look for (kubectl
 * checks that PATCH accepts {@code fieldValidation} before it relies on server-side validation).
 */
final class ResourcePaths {

    /** A query or path parameter; every parameter here is a string, integer or boolean scalar. */
    record Parameter(String name, String in, String type, boolean required, String description) {
    }

    /**
     * One operation.
     *
     * @param method        lower-case HTTP method
     * @param action        the {@code x-kubernetes-action}: get, list, post, put, patch, delete, deletecollection
     * @param requestSchema component name of the body, or {@code null}
     * @param requestTypes  media types of the body
     * @param responseCodes status codes answered with {@code responseSchema}
     */
    record Operation(String method, String action, String operationId, String description, GroupVersionKind gvk,
            List<Parameter> parameters, String requestSchema, List<String> requestTypes,
            List<String> responseCodes, String responseSchema) {
    }

    /** A path with the parameters shared by its operations. */
    record PathItem(String path, List<Parameter> parameters, List<Operation> operations) {
    }

    static final List<String> RESPONSE_TYPES = List.of("application/json", "application/yaml",
            "application/vnd.kubernetes.protobuf");
    static final String JSON_PATCH = "application/json-patch+json";
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    static final String APPLY_PATCH = "application/apply-patch+yaml";

    private static final Parameter NAMESPACE = new Parameter("namespace", "path", "string", true,
            "object name and auth scope, such as for teams and projects");
    private static final Parameter PRETTY = new Parameter("pretty", "query", "string", false,
            "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a"
                    + " browser or command-line HTTP tool (curl and wget).");
    private static final Parameter DRY_RUN = new Parameter("dryRun", "query", "string", false,
            "When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun"
                    + " directive will result in an error response and no further processing of the request. Valid"
                    + " values are: - All: all dry run stages will be processed");
    private static final Parameter FIELD_MANAGER = new Parameter("fieldManager", "query", "string", false,
            "fieldManager is a name associated with the actor or entity that is making these changes. The value"
                    + " must be less than or 128 characters long, and only contain printable characters, as defined"
                    + " by https://golang.org/pkg/unicode/#IsPrint.");
    private static final Parameter FIELD_VALIDATION = new Parameter("fieldValidation", "query", "string", false,
            "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH)"
                    + " containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any"
                    + " unknown fields that are silently dropped from the object, and will ignore all but the last"
                    + " duplicate field that the decoder encounters. - Warn: This will send a warning via the"
                    + " standard warning response header for each unknown field that is dropped from the object,"
                    + " and for each duplicate field that is encountered. - Strict: This will fail the request with"
                    + " a BadRequest error if any unknown fields would be dropped from the object, or if any"
                    + " duplicate fields are present. The error returned from the server will contain all unknown"
                    + " and duplicate fields encountered.");
    private static final Parameter FORCE = new Parameter("force", "query", "boolean", false,
            "Force is going to \"force\" Apply requests. It means user will re-acquire conflicting fields owned by"
                    + " other people. Force flag must be unset for non-apply patch requests.");
    private static final Parameter GRACE_PERIOD = new Parameter("gracePeriodSeconds", "query", "integer", false,
            "The duration in seconds before the object should be deleted. Value must be non-negative integer. The"
                    + " value zero indicates delete immediately.");
    private static final Parameter PROPAGATION = new Parameter("propagationPolicy", "query", "string", false,
            "Whether and how garbage collection will be performed: 'Orphan', 'Background' or 'Foreground'.");
    private static final List<Parameter> LIST = List.of(
            new Parameter("allowWatchBookmarks", "query", "boolean", false,
                    "allowWatchBookmarks requests watch events with type \"BOOKMARK\"."),
            new Parameter("continue", "query", "string", false,
                    "The continue option should be set when retrieving more results from the server."),
            new Parameter("fieldSelector", "query", "string", false,
                    "A selector to restrict the list of returned objects by their fields. Defaults to everything."),
            new Parameter("labelSelector", "query", "string", false,
                    "A selector to restrict the list of returned objects by their labels. Defaults to everything."),
            new Parameter("limit", "query", "integer", false,
                    "limit is a maximum number of responses to return for a list call."),
            new Parameter("resourceVersion", "query", "string", false,
                    "resourceVersion sets a constraint on what resource versions a request may be served from."),
            new Parameter("resourceVersionMatch", "query", "string", false,
                    "resourceVersionMatch determines how resourceVersion is applied to list calls."),
            new Parameter("sendInitialEvents", "query", "boolean", false,
                    "`sendInitialEvents=true` may be set together with `watch=true`."),
            new Parameter("timeoutSeconds", "query", "integer", false,
                    "Timeout for the list/watch call."),
            new Parameter("watch", "query", "boolean", false,
                    "Watch for changes to the described resources and return them as a stream of add, update, and"
                            + " remove notifications. Specify resourceVersion."));

    private ResourcePaths() {
    }

    /** The URL prefix of a group-version: {@code /api/v1} or {@code /apis/GROUP/VERSION}. */
    static String prefix(String group, String version) {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    /**
     * The paths of a type, with the operations of the verbs it supports ({@link ResourceType#verbs()}).
     *
     * @param root       component name of the kind
     * @param list       component name of the list kind
     * @param strategic  whether PATCH accepts strategic merge patches (built-in types)
     */
    static List<PathItem> of(ResourceType type, String root, String list, boolean strategic) {
        GroupVersionKind gvk = type.gvk();
        String prefix = prefix(type.group(), type.version());
        String id = operationStem(type.group(), type.version());
        String scope = type.namespaced() ? "Namespaced" : "";
        String collection = type.namespaced()
                ? prefix + "/namespaces/{namespace}/" + type.plural()
                : prefix + "/" + type.plural();
        String named = collection + "/{name}";
        Parameter name = new Parameter("name", "path", "string", true, "name of the " + type.kind());
        List<String> patchTypes = new ArrayList<>(List.of(JSON_PATCH, MERGE_PATCH));
        if (strategic) {
            patchTypes.add(STRATEGIC_MERGE_PATCH);
        }
        patchTypes.add(APPLY_PATCH);
        List<String> anyBody = List.of("*/*");

        List<Parameter> collectionParams = new ArrayList<>();
        if (type.namespaced()) {
            collectionParams.add(NAMESPACE);
        }
        collectionParams.add(PRETTY);
        List<Parameter> namedParams = new ArrayList<>(List.of(name));
        namedParams.addAll(collectionParams);

        String kind = type.kind();
        List<PathItem> items = new ArrayList<>();
        items.add(new PathItem(collection, collectionParams, List.of(
                new Operation("get", "list", "list" + id + scope + kind, "list or watch objects of kind " + kind,
                        gvk, LIST, null, List.of(), List.of("200"), list),
                new Operation("post", "post", "create" + id + scope + kind, "create a " + kind, gvk,
                        List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION), root, anyBody,
                        List.of("200", "201", "202"), root),
                new Operation("delete", "deletecollection", "delete" + id + "Collection" + scope + kind,
                        "delete collection of " + kind, gvk,
                        concat(List.of(DRY_RUN, GRACE_PERIOD, PROPAGATION), LIST),
                        MetaV1Schemas.DELETE_OPTIONS, anyBody, List.of("200"), MetaV1Schemas.STATUS))));
        items.add(new PathItem(named, namedParams, List.of(
                new Operation("get", "get", "read" + id + scope + kind, "read the specified " + kind, gvk,
                        List.of(), null, List.of(), List.of("200"), root),
                new Operation("put", "put", "replace" + id + scope + kind, "replace the specified " + kind, gvk,
                        List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION), root, anyBody,
                        List.of("200", "201"), root),
                new Operation("patch", "patch", "patch" + id + scope + kind, "partially update the specified "
                        + kind, gvk, List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE),
                        MetaV1Schemas.PATCH, patchTypes, List.of("200", "201"), root),
                new Operation("delete", "delete", "delete" + id + scope + kind, "delete a " + kind, gvk,
                        List.of(DRY_RUN, GRACE_PERIOD, PROPAGATION), MetaV1Schemas.DELETE_OPTIONS, anyBody,
                        List.of("200", "202"), root))));
        if (type.namespaced()) {
            items.add(new PathItem(prefix + "/" + type.plural(), List.of(PRETTY), List.of(
                    new Operation("get", "list", "list" + id + kind + "ForAllNamespaces",
                            "list or watch objects of kind " + kind, gvk, LIST, null, List.of(),
                            List.of("200"), list))));
        }
        if (type.statusSubresource()) {
            String status = id + scope + kind + "Status";
            items.add(new PathItem(named + "/status", namedParams, List.of(
                    new Operation("get", "get", "read" + status, "read status of the specified " + kind, gvk,
                            List.of(), null, List.of(), List.of("200"), root),
                    new Operation("put", "put", "replace" + status, "replace status of the specified " + kind,
                            gvk, List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION), root, anyBody,
                            List.of("200", "201"), root),
                    new Operation("patch", "patch", "patch" + status, "partially update status of the specified "
                            + kind, gvk, List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE),
                            MetaV1Schemas.PATCH, patchTypes, List.of("200", "201"), root))));
        }
        return supported(items, type.verbs());
    }

    /** Keeps the operations whose verb the type announces, and the paths that still have one. */
    private static List<PathItem> supported(List<PathItem> items, List<String> verbs) {
        List<PathItem> kept = new ArrayList<>();
        for (PathItem item : items) {
            List<Operation> ops = item.operations().stream().filter(op -> verbs.contains(verb(op.action()))).toList();
            if (!ops.isEmpty()) {
                kept.add(new PathItem(item.path(), item.parameters(), ops));
            }
        }
        return kept;
    }

    private static String verb(String action) {
        return switch (action) {
            case "post" -> "create";
            case "put" -> "update";
            default -> action;
        };
    }

    /** {@code CoreV1}, {@code AppsV1}, {@code RbacAuthorizationV1}, {@code ExampleComV1}. */
    static String operationStem(String group, String version) {
        String g = group.isEmpty() ? "core" : group.endsWith(".k8s.io")
                ? group.substring(0, group.length() - ".k8s.io".length()) : group;
        StringBuilder b = new StringBuilder();
        for (String part : g.split("[.\\-]")) {
            if (!part.isEmpty()) {
                b.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return b.append(version.substring(0, 1).toUpperCase(Locale.ROOT)).append(version.substring(1)).toString();
    }

    private static List<Parameter> concat(List<Parameter> a, List<Parameter> b) {
        List<Parameter> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
