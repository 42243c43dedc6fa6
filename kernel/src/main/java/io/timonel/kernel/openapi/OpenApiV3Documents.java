package io.timonel.kernel.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.spi.resource.ResourceType;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The OpenAPI v3 documents of the server, as kubectl reads them: the index at
 * {@code GET /openapi/v3} ({@code {"paths": {"apis/apps/v1": {"serverRelativeURL":
 * "/openapi/v3/apis/apps/v1?hash=..."}}}}) and one OpenAPI 3.0 document per group-version at
 * {@code GET /openapi/v3/api/v1} and {@code GET /openapi/v3/apis/GROUP/VERSION}.
 *
 * <p>Documents are built from the current resource types and kept serialized; they are rebuilt
 * only when the collection of types changes (a type added, removed or replaced by another
 * instance), which every call checks cheaply. Safe for concurrent use.
 */
public final class OpenApiV3Documents {
    /** The only media type served; clients asking for protobuf accept JSON as well. */
    public static final String CONTENT_TYPE = "application/json";
    private static final String PREFIX = "/openapi/v3";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Supplier<? extends Collection<ResourceType>> types;
    private final Predicate<ResourceType> strategicMergePatch;
    private final String infoVersion;
    private final Clock clock;
    private volatile Snapshot snapshot;

    /**
     * Documents of the given types, with strategic merge patch announced for types whose schema
     * is Kubernetes' own (components named {@code io.k8s.*}), {@code info.version} {@code v1.33.0}
     * and the system clock.
     */
    public OpenApiV3Documents(Supplier<? extends Collection<ResourceType>> types) {
        this(types, OpenApiV3Documents::hasKubernetesSchema, "v1.33.0", Clock.systemUTC());
    }

    /**
     * Documents of the given types.
     *
     * @param types               read on every call; the documents follow its changes
     * @param strategicMergePatch the types whose PATCH accepts strategic merge patches (built-in
     *                            types; kubectl then computes such patches from the schema)
     * @param infoVersion         the {@code info.version} published
     * @param clock               for the {@code Expires} header
     */
    public OpenApiV3Documents(Supplier<? extends Collection<ResourceType>> types,
            Predicate<ResourceType> strategicMergePatch, String infoVersion, Clock clock) {
        this.types = types;
        this.strategicMergePatch = strategicMergePatch;
        this.infoVersion = infoVersion;
        this.clock = clock;
    }

    /** Whether a type's schema came from Kubernetes' own definitions rather than a CRD. */
    public static boolean hasKubernetesSchema(ResourceType type) {
        return type.schema() != null && type.schema().root().startsWith("io.k8s.");
    }

    /** The body of {@code GET /openapi/v3}. */
    public byte[] root() {
        return current().root;
    }

    /** The keys of the group-versions served, e.g. {@code api/v1}, {@code apis/apps/v1}. */
    public List<String> groupVersions() {
        return List.copyOf(current().documents.keySet());
    }

    /** The document of a group-version, by its key ({@code api/v1}, {@code apis/apps/v1}). */
    public Optional<byte[]> groupVersion(String pathKey) {
        return Optional.ofNullable(current().documents.get(pathKey)).map(Document::json);
    }

    /** The content hash of a group-version's document, as in its {@code hash} query parameter. */
    public Optional<String> hash(String pathKey) {
        return Optional.ofNullable(current().documents.get(pathKey)).map(Document::hash);
    }

    /** Increases whenever the documents are rebuilt; starts at 1. */
    public long version() {
        return current().version;
    }

    /**
     * Answers {@code GET /openapi/v3} or {@code GET /openapi/v3/KEY}, as Kubernetes does: with the
     * {@code hash} of the current document the reply is immutable ({@code Cache-Control: public,
     * immutable}, expiring in a year); with an outdated hash it is a 301 to the current URL;
     * without one it is revalidated by {@code ETag}. A matching {@code If-None-Match} gives 304.
     *
     * @param requestPath the path, e.g. {@code /openapi/v3/apis/apps/v1}
     * @param hash        the {@code hash} query parameter, or {@code null}
     * @param ifNoneMatch the {@code If-None-Match} header, or {@code null}
     * @return the reply, or empty when no such document exists (answer 404)
     */
    public Optional<OpenApiReply> serve(String requestPath, String hash, String ifNoneMatch) {
        Snapshot s = current();
        String path = requestPath.endsWith("/") ? requestPath.substring(0, requestPath.length() - 1) : requestPath;
        if (path.equals(PREFIX)) {
            return Optional.of(reply(s.root, s.rootHash, ifNoneMatch, Map.of("Cache-Control", "no-cache, private")));
        }
        if (!path.startsWith(PREFIX + "/")) {
            return Optional.empty();
        }
        Document doc = s.documents.get(path.substring(PREFIX.length() + 1));
        if (doc == null) {
            return Optional.empty();
        }
        if (hash == null || hash.isEmpty()) {
            return Optional.of(reply(doc.json, doc.hash, ifNoneMatch, Map.of("Cache-Control", "no-cache, private")));
        }
        if (!hash.equals(doc.hash)) {
            return Optional.of(new OpenApiReply(301, Map.of("Location", doc.url(),
                    "Cache-Control", "no-cache, private"), new byte[0]));
        }
        String expires = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                clock.instant().atZone(ZoneOffset.UTC).plusYears(1));
        return Optional.of(reply(doc.json, doc.hash, ifNoneMatch,
                Map.of("Cache-Control", "public, immutable", "Expires", expires, "Vary", "Accept")));
    }

    /** The trees of the current documents by key; shared, so callers must not modify them. */
    Map<String, ObjectNode> trees() {
        Map<String, ObjectNode> trees = new LinkedHashMap<>();
        current().documents.forEach((key, doc) -> trees.put(key, doc.tree));
        return trees;
    }

    private static OpenApiReply reply(byte[] body, String hash, String ifNoneMatch, Map<String, String> extra) {
        String etag = "\"" + hash + "\"";
        Map<String, String> headers = new LinkedHashMap<>(extra);
        headers.put("ETag", etag);
        if (ifNoneMatch != null && (ifNoneMatch.equals(etag) || ifNoneMatch.equals(hash))) {
            return new OpenApiReply(304, headers, new byte[0]);
        }
        headers.put("Content-Type", CONTENT_TYPE);
        return new OpenApiReply(200, headers, body);
    }

    private Snapshot current() {
        List<ResourceType> now = new ArrayList<>(types.get());
        Snapshot s = snapshot;
        if (s != null && s.types.equals(now)) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            if (s != null && s.types.equals(now)) {
                return s;
            }
            s = build(now, s == null ? 1 : s.version + 1);
            snapshot = s;
            return s;
        }
    }

    private Snapshot build(List<ResourceType> now, long version) {
        Map<String, List<ResourceType>> byGroupVersion = new TreeMap<>();
        for (ResourceType type : now) {
            byGroupVersion.computeIfAbsent(GroupVersionSpec.pathKey(type.group(), type.version()),
                    k -> new ArrayList<>()).add(type);
        }
        Map<String, Document> documents = new LinkedHashMap<>();
        ObjectNode rootTree = GroupVersionSpec.JSON.objectNode();
        ObjectNode paths = rootTree.putObject("paths");
        byGroupVersion.forEach((key, gvTypes) -> {
            ObjectNode tree = GroupVersionSpec.build(gvTypes, strategicMergePatch, infoVersion);
            byte[] json = serialize(tree);
            Document doc = new Document(key, tree, json, ContentHash.of(json));
            documents.put(key, doc);
            paths.putObject(key).put("serverRelativeURL", doc.url());
        });
        byte[] root = serialize(rootTree);
        return new Snapshot(List.copyOf(now), Collections.unmodifiableMap(documents), root, ContentHash.of(root),
                version);
    }

    static byte[] serialize(Object tree) {
        try {
            return MAPPER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Document(String key, ObjectNode tree, byte[] json, String hash) {
        String url() {
            return PREFIX + "/" + key + "?hash=" + hash;
        }
    }

    private record Snapshot(List<ResourceType> types, Map<String, Document> documents, byte[] root, String rootHash,
            long version) {
    }
}
