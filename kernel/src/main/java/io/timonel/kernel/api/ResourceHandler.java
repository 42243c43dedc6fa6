package io.timonel.kernel.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.api.select.FieldSelector;
import io.timonel.kernel.api.select.LabelSelector;
import io.timonel.kernel.api.select.SelectorText;
import io.timonel.kernel.json.Json;
import io.timonel.kernel.objects.DeleteOptions;
import io.timonel.kernel.objects.ObjectService;
import io.timonel.kernel.objects.Patches;
import io.timonel.kernel.objects.WriteOptions;
import io.timonel.kernel.objects.WriteOutcome;
import io.timonel.kernel.registry.ResourceRegistry;
import io.timonel.kernel.schema.SchemaDefaulter;
import io.timonel.kernel.watch.CachedObject;
import io.timonel.kernel.watch.TooOldResourceVersionException;
import io.timonel.kernel.watch.WatchCache;
import io.timonel.spi.auth.UserInfo;
import io.timonel.spi.resource.ResourceType;
import io.timonel.spi.resource.ScaleSubresource;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Serves every verb on every registered resource: get, list, watch, create, update, patch,
 * delete and deletecollection, on the main resource and its {@code status} and {@code scale}
 * subresources. Runs on a worker thread (the chain dispatches before it).
 */
public final class ResourceHandler implements HttpHandler {
    private static final Duration DEFAULT_WATCH_TIMEOUT = Duration.ofMinutes(30);

    private final ResourceRegistry registry;
    private final ObjectService objects;
    private final Tables tables;
    private final Map<String, VirtualResource> virtualResources;
    private final PodEviction eviction;

    /** A create-only resource computed rather than stored (SelfSubjectAccessReview and friends). */
    @FunctionalInterface
    public interface VirtualResource {
        ObjectNode create(ObjectNode body, UserInfo user);
    }

    public ResourceHandler(ResourceRegistry registry, ObjectService objects, Clock clock,
                           Map<String, VirtualResource> virtualResources) {
        this.registry = registry;
        this.objects = objects;
        this.tables = new Tables(clock);
        this.virtualResources = virtualResources;
        this.eviction = new PodEviction(objects, registry);
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        RequestInfo info = ex.getAttachment(Attachments.REQUEST_INFO);
        ResourceType type = registry.find(info.group(), info.version(), info.resource())
                .orElseThrow(() -> ApiException.notFoundPath(info.path()));
        VirtualResource virtual = virtualResources.get(info.group() + "/" + info.resource());
        if (virtual != null) {
            if (!info.verb().equals("create")) {
                throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
            }
            JsonNode body = Http.parse(Http.body(ex), Http.contentType(ex));
            if (!body.isObject()) {
                throw ApiException.badRequest("the request body must be an object");
            }
            Http.send(ex, 201, virtual.create((ObjectNode) body, ex.getAttachment(Attachments.USER)));
            return;
        }
        String sub = info.subresource();
        if (!sub.isEmpty() && !(sub.equals("status") && type.statusSubresource())
                && !(sub.equals("scale") && type.scale() != null)
                && !(sub.equals("finalize") && type.kind().equals("Namespace"))
                && !((sub.equals("binding") || sub.equals("eviction") || sub.equals(ObjectService.EPHEMERAL_CONTAINERS))
                        && ObjectService.isPods(type))) {
            throw ApiException.notFoundPath(info.path());
        }
        if (type.namespaced() && info.namespace().isEmpty() && !info.name().isEmpty()) {
            throw ApiException.notFoundPath(info.path());
        }
        if (!type.namespaced() && !info.namespace().isEmpty()) {
            throw ApiException.notFoundPath(info.path());
        }
        if (sub.isEmpty() && !allowed(type, info.verb())) {
            throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
        if (sub.equals("binding")) {
            bind(ex, info, type);
            return;
        }
        if (sub.equals("eviction")) {
            if (!info.verb().equals("create")) {
                throw ApiException.methodNotAllowed("only POST is supported on pods/eviction");
            }
            eviction.evict(type, info.namespace(), info.name(), objectBody(ex), writeOptions(ex));
            ObjectNode status = Json.object();
            status.put("kind", "Status").put("apiVersion", "v1").putObject("metadata");
            status.put("status", "Success").put("code", 201);
            Http.send(ex, 201, status);
            return;
        }
        switch (info.verb()) {
            case "get" -> get(ex, info, type);
            case "list" -> list(ex, info, type);
            case "watch" -> watch(ex, info, type);
            case "create" -> create(ex, info, type);
            case "update" -> update(ex, info, type);
            case "patch" -> patch(ex, info, type);
            case "delete" -> delete(ex, info, type);
            case "deletecollection" -> deleteCollection(ex, info, type);
            default -> throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    private static boolean allowed(ResourceType type, String verb) {
        return type.verbs().contains(verb);
    }

    // ---- reads ----------------------------------------------------------------------------

    private void get(HttpServerExchange ex, RequestInfo info, ResourceType type) {
        CachedObject found = objects.get(type, info.namespace(), info.name());
        ObjectNode object = forVersion(type, found.object());
        if (info.subresource().equals("scale")) {
            Http.send(ex, 200, toScale(type, object));
            return;
        }
        if (wantsTable(ex)) {
            Http.send(ex, 200, tables.table(type, List.of(object), Tables.includeObject(Http.query(ex, "includeObject")),
                    listMeta(found.modRevision(), null, -1)));
            return;
        }
        Http.send(ex, 200, object);
    }

    private void list(HttpServerExchange ex, RequestInfo info, ResourceType type) {
        LabelSelector labels = labelSelector(ex);
        FieldSelector fields = fieldSelector(ex, type);
        String rv = Http.query(ex, "resourceVersion");
        String match = Http.query(ex, "resourceVersionMatch");
        WatchCache.Snapshot snapshot = snapshot(type, info.namespace(), rv, match);
        int limit = parseInt(Http.query(ex, "limit"), "limit");
        String continueToken = Http.query(ex, "continue");
        String startAfter = continueToken == null || continueToken.isEmpty() ? null : decodeContinue(continueToken);
        Predicate<JsonNode> filter = o -> labels.test(o) && fields.test(o);
        List<CachedObject> page = new ArrayList<>();
        String next = null;
        int remaining = 0;
        for (CachedObject o : snapshot.items()) {
            if (startAfter != null && o.key().compareTo(startAfter) <= 0) {
                continue;
            }
            if (!filter.test(o.object())) {
                continue;
            }
            if (limit > 0 && page.size() >= limit) {
                remaining++;
                continue;
            }
            page.add(o);
        }
        if (remaining > 0) {
            next = encodeContinue(page.get(page.size() - 1).key(), snapshot.revision());
        }
        ObjectNode meta = listMeta(snapshot.revision(), next, remaining > 0 ? remaining : -1);
        if (wantsTable(ex)) {
            List<ObjectNode> items = page.stream().map(o -> forVersion(type, o.object())).toList();
            Http.send(ex, 200, tables.table(type, items, Tables.includeObject(Http.query(ex, "includeObject")), meta));
            return;
        }
        if (Http.wantsYaml(ex)) {
            ObjectNode list = Json.object();
            list.put("kind", type.listKind());
            list.put("apiVersion", type.apiVersion());
            list.set("metadata", meta);
            ArrayNode items = list.putArray("items");
            page.forEach(o -> items.add(forVersion(type, o.object())));
            Http.send(ex, 200, list);
            return;
        }
        // The common case is written from the cached bytes of each object, without re-encoding.
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + page.size() * 512);
        out.writeBytes(("{\"kind\":\"" + type.listKind() + "\",\"apiVersion\":\"" + type.apiVersion()
                + "\",\"metadata\":").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(Json.bytes(meta));
        out.writeBytes(",\"items\":[".getBytes(StandardCharsets.US_ASCII));
        boolean first = true;
        for (CachedObject o : page) {
            if (!first) {
                out.write(',');
            }
            first = false;
            out.writeBytes(servedAsStored(type, o.object()) ? o.json() : Json.bytes(forVersion(type, o.object())));
        }
        out.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
        Http.sendBytes(ex, 200, "application/json", out.toByteArray());
    }

    private WatchCache.Snapshot snapshot(ResourceType type, String namespace, String rv, String match) {
        if (rv == null || rv.isEmpty()) {
            return objects.list(type, namespace);
        }
        long wanted = parseRevision(rv);
        if ("Exact".equals(match)) {
            WatchCache.Snapshot s = objects.list(type, namespace);
            if (s.revision() != wanted) {
                throw ApiException.gone("too old resource version: " + wanted + " (" + s.revision() + ")");
            }
            return s;
        }
        if (wanted > 0 && !objects.cache().awaitRevision(wanted, Duration.ofSeconds(3))) {
            throw ApiException.timeout("Too large resource version: " + wanted + ", current: "
                    + objects.cache().revision());
        }
        return objects.cache().list(io.timonel.kernel.objects.Keys.prefix(type, namespace));
    }

    private void watch(HttpServerExchange ex, RequestInfo info, ResourceType type) {
        LabelSelector labels = labelSelector(ex);
        FieldSelector fields = fieldSelector(ex, type);
        String rv = Http.query(ex, "resourceVersion");
        boolean sendInitial = Http.queryFlag(ex, "sendInitialEvents");
        boolean bookmarks = Http.queryFlag(ex, "allowWatchBookmarks");
        String timeoutParam = Http.query(ex, "timeoutSeconds");
        Duration timeout = timeoutParam == null ? DEFAULT_WATCH_TIMEOUT
                : Duration.ofSeconds(Math.max(0, parseInt(timeoutParam, "timeoutSeconds")));
        boolean table = wantsTable(ex);
        Tables.IncludeObject include = Tables.includeObject(Http.query(ex, "includeObject"));
        String prefix = io.timonel.kernel.objects.Keys.prefix(type, info.namespace());
        Predicate<JsonNode> filter = o -> labels.test(o) && fields.test(o);
        if (!info.name().isEmpty()) {
            // a watch of one object (the legacy /watch/.../NAME path): its key is a prefix of others' too
            prefix = prefix + info.name();
            FieldSelector byName = FieldSelector.parse("metadata.name=" + info.name(), type);
            filter = filter.and(byName);
        }
        startWatch(ex, type, prefix, rv, sendInitial, bookmarks, timeout, filter, table, include);
    }

    private void startWatch(HttpServerExchange ex, ResourceType type, String prefix, String rv, boolean sendInitial,
                            boolean bookmarks, Duration timeout, Predicate<JsonNode> filter, boolean table,
                            Tables.IncludeObject include) {
        java.util.function.Function<CachedObject, byte[]> render = table
                ? o -> Json.bytes(tables.table(type, List.of(forVersion(type, o.object())), include, null))
                : o -> servedAsStored(type, o.object()) ? o.json() : Json.bytes(forVersion(type, o.object()));
        WatchStream stream = new WatchStream(filter, render);
        boolean fromNow = rv == null || rv.isEmpty() || rv.equals("0");
        WatchCache.Subscription subscription;
        try {
            if (fromNow || sendInitial) {
                objects.syncCache();
                subscription = objects.cache().watch(prefix, 0, true, stream);
            } else {
                subscription = objects.cache().watch(prefix, parseRevision(rv), false, stream);
            }
        } catch (TooOldResourceVersionException e) {
            stream.offerRaw("ERROR", ApiException.gone(e.getMessage()).toStatus());
            stream.onClose("expired");
            subscription = null;
        }
        if (subscription != null && sendInitial) {
            stream.offerRaw("BOOKMARK", WatchStream.bookmarkObject(type.apiVersion(), type.kind(),
                    subscription.startRevision(), true));
        }
        java.util.function.Supplier<JsonNode> bookmark = bookmarks && subscription != null
                ? () -> WatchStream.bookmarkObject(type.apiVersion(), type.kind(), objects.cache().revision(), false)
                : null;
        WatchCache.Subscription running = subscription;
        Runnable end = () -> {
            if (running != null) {
                running.close();
            }
        };
        if (WebSocketWatch.requested(ex)) {
            WebSocketWatch.upgrade(ex, stream, timeout, bookmark, end);
            return;
        }
        ex.getConnection().addCloseListener(c -> stream.clientGone());
        try {
            stream.run(WatchStream.http(ex), timeout, bookmark);
        } finally {
            end.run();
        }
    }

    // ---- writes -----------------------------------------------------------------------------------

    private void create(HttpServerExchange ex, RequestInfo info, ResourceType type) {
        if (!info.name().isEmpty() || !info.subresource().isEmpty()) {
            throw ApiException.methodNotAllowed("POST is not supported on a named object");
        }
        ObjectNode body = objectBody(ex);
        WriteOutcome outcome = objects.create(type, info.namespace(), body, writeOptions(ex));
        Http.send(ex, 201, forVersion(type, outcome.object()), outcome.warnings());
    }

    private void update(HttpServerExchange ex, RequestInfo info, ResourceType type) {
        ObjectNode body = objectBody(ex);
        WriteOptions opts = writeOptions(ex);
        WriteOutcome outcome;
        if (info.subresource().equals("scale")) {
            int replicas = body.path("spec").path("replicas").asInt(-1);
            if (replicas < 0) {
                throw ApiException.invalid("autoscaling", "Scale", info.name(), List.of(
                        io.timonel.spi.resource.FieldViolation.invalid("spec.replicas", replicas,
                                "must be greater than or equal to 0")));
            }
            String pinned = body.path("metadata").path("resourceVersion").asText("");
            outcome = objects.guaranteedUpdate(type, info.namespace(), info.name(), "scale", opts, pinned,
                    current -> setReplicas(type, current, replicas));
            Http.send(ex, 200, toScale(type, outcome.object()), outcome.warnings());
            return;
        }
        String sub = info.subresource().equals("finalize") ? "" : info.subresource();
        outcome = objects.update(type, info.namespace(), info.name(), sub, body, opts);
        Http.send(ex, 200, forVersion(type, outcome.object()), outcome.warnings());
    }

    private void patch(HttpServerExchange ex, RequestInfo info, ResourceType type) {
        Patches.Kind kind = Patches.Kind.of(Http.contentType(ex));
        JsonNode patch = Http.parse(Http.body(ex), kind == Patches.Kind.APPLY ? "application/yaml" : "application/json");
        WriteOptions opts = writeOptions(ex);
        if (info.subresource().equals("scale")) {
            WriteOutcome outcome = objects.guaranteedUpdate(type, info.namespace(), info.name(), "scale", opts, "",
                    current -> {
                        ObjectNode scale = toScale(type, current);
                        ObjectNode patched = Patches.apply(kind, scaleType(), scale, patch);
                        return setReplicas(type, current, patched.path("spec").path("replicas").asInt(0));
                    });
            Http.send(ex, 200, toScale(type, outcome.object()), outcome.warnings());
            return;
        }
        WriteOutcome outcome;
        if (kind == Patches.Kind.APPLY) {
            outcome = apply(ex, info, type, patch, opts.asApply());
        } else {
            outcome = objects.guaranteedUpdate(type, info.namespace(), info.name(), info.subresource(), opts, "",
                    current -> Patches.apply(kind, type, current, patch));
        }
        Http.send(ex, outcome.created() ? 201 : 200, forVersion(type, outcome.object()), outcome.warnings());
    }

    private WriteOutcome apply(HttpServerExchange ex, RequestInfo info, ResourceType type, JsonNode patch,
                               WriteOptions opts) {
        if (Http.query(ex, "fieldManager") == null) {
            throw ApiException.badRequest("PATCH, fieldManager is required for apply requests");
        }
        if (!patch.isObject()) {
            throw ApiException.badRequest("the applied configuration must be an object");
        }
        ObjectNode applied = (ObjectNode) patch;
        boolean force = Http.queryFlag(ex, "force");
        String name = applied.path("metadata").path("name").asText("");
        if (!name.isEmpty() && !name.equals(info.name())) {
            throw ApiException.badRequest("the name of the object (" + name + ") does not match the name on the URL ("
                    + info.name() + ")");
        }
        try {
            return objects.guaranteedUpdate(type, info.namespace(), info.name(), info.subresource(), opts, "",
                    current -> Patches.serverSideApply(type, current, applied, opts.fieldManager(),
                            info.subresource(), force, Clock.systemUTC()));
        } catch (ApiException e) {
            if (e.code() != 404 || !info.subresource().isEmpty()) {
                throw e;
            }
        }
        ObjectNode created = Patches.serverSideApply(type, null, applied, opts.fieldManager(), "", force,
                Clock.systemUTC());
        Json.with(created, "metadata").put("name", info.name());
        return objects.create(type, info.namespace(), created, opts);
    }

    private void delete(HttpServerExchange ex, RequestInfo info, ResourceType type) {
        if (!info.subresource().isEmpty()) {
            throw ApiException.methodNotAllowed("DELETE is not supported on subresources");
        }
        ObjectNode deleted = objects.delete(type, info.namespace(), info.name(), deleteOptions(ex), writeOptions(ex));
        Http.send(ex, 200, forVersion(type, deleted));
    }

    private void deleteCollection(HttpServerExchange ex, RequestInfo info, ResourceType type) {
        LabelSelector labels = labelSelector(ex);
        FieldSelector fields = fieldSelector(ex, type);
        DeleteOptions options = deleteOptions(ex);
        WriteOptions opts = writeOptions(ex);
        ObjectNode list = Json.object();
        list.put("kind", type.listKind());
        list.put("apiVersion", type.apiVersion());
        list.putObject("metadata");
        ArrayNode items = list.putArray("items");
        for (CachedObject o : objects.list(type, info.namespace()).items()) {
            if (labels.test(o.object()) && fields.test(o.object())) {
                JsonNode meta = o.object().path("metadata");
                try {
                    items.add(forVersion(type, objects.delete(type, meta.path("namespace").asText(""),
                            meta.path("name").asText(), options, opts)));
                } catch (ApiException e) {
                    if (e.code() != 404) {
                        throw e;
                    }
                }
            }
        }
        Http.send(ex, 200, list);
    }

    /**
     * {@code pods/binding}: the scheduler's way of assigning a pod to a node. Sets
     * {@code spec.nodeName} once, and the condition PodScheduled=True as Kubernetes' API server
     * does; binding an already bound pod is a 409.
     */
    private void bind(HttpServerExchange ex, RequestInfo info, ResourceType pods) {
        if (!info.verb().equals("create")) {
            throw ApiException.methodNotAllowed("only POST is supported on pods/binding");
        }
        ObjectNode binding = objectBody(ex);
        String node = binding.path("target").path("name").asText("");
        if (node.isEmpty()) {
            throw ApiException.invalid("", "Binding", info.name(), List.of(
                    io.timonel.spi.resource.FieldViolation.required("target.name")));
        }
        String uid = binding.path("metadata").path("uid").asText("");
        objects.guaranteedUpdate(pods, info.namespace(), info.name(), "binding", writeOptions(ex), "", pod -> {
            JsonNode meta = pod.path("metadata");
            if (!uid.isEmpty() && !uid.equals(meta.path("uid").asText())) {
                throw ApiException.conflict("", "pods", info.name(), "the UID in the binding does not match the pod");
            }
            if (meta.hasNonNull("deletionTimestamp")) {
                throw ApiException.conflict("", "pods", info.name(), "pod is being deleted, cannot be assigned to a host");
            }
            String bound = pod.path("spec").path("nodeName").asText("");
            if (!bound.isEmpty()) {
                throw ApiException.conflict("", "pods/binding", info.name(), "pod " + info.name()
                        + " is already assigned to node \"" + bound + "\"");
            }
            Json.with(pod, "spec").put("nodeName", node);
            markScheduled(Json.with(pod, "status"), objects.now());
            return pod;
        });
        ObjectNode status = Json.object();
        status.put("kind", "Status").put("apiVersion", "v1").putObject("metadata");
        status.put("status", "Success").put("code", 201);
        Http.send(ex, 201, status);
    }

    /** Sets PodScheduled=True (replacing a PodScheduled=False the scheduler wrote while it could not place it). */
    private static void markScheduled(ObjectNode status, String now) {
        com.fasterxml.jackson.databind.node.ArrayNode conditions = status.withArray("conditions");
        for (int i = conditions.size() - 1; i >= 0; i--) {
            if (conditions.get(i).path("type").asText().equals("PodScheduled")) {
                conditions.remove(i);
            }
        }
        conditions.addObject().put("type", "PodScheduled").put("status", "True")
                .putNull("lastProbeTime").put("lastTransitionTime", now);
    }


    // ---- helpers ----------------------------------------------------------------------------------------

    private static ObjectNode objectBody(HttpServerExchange ex) {
        JsonNode body = Http.parse(Http.body(ex), Http.contentType(ex));
        if (!body.isObject()) {
            throw ApiException.badRequest("the request body must be a JSON object");
        }
        return (ObjectNode) body;
    }

    private static DeleteOptions deleteOptions(HttpServerExchange ex) {
        byte[] raw = Http.body(ex);
        JsonNode body = raw.length == 0 ? null : Http.parse(raw, Http.contentType(ex));
        return DeleteOptions.from(body, Http.query(ex, "propagationPolicy"), Http.query(ex, "gracePeriodSeconds"),
                "true".equals(Http.query(ex, "orphanDependents")));
    }

    static WriteOptions writeOptions(HttpServerExchange ex) {
        String dryRun = Http.query(ex, "dryRun");
        if (dryRun != null && !dryRun.isEmpty() && !dryRun.equals("All")) {
            throw ApiException.badRequest("dryRun: Unsupported value: \"" + dryRun + "\": supported values: \"All\"");
        }
        String manager = Http.query(ex, "fieldManager");
        if (manager == null || manager.isEmpty()) {
            String agent = ex.getRequestHeaders().getFirst(Headers.USER_AGENT);
            manager = agent == null || agent.isEmpty() ? "unknown" : agent.split("/", 2)[0];
        }
        if (manager.length() > 128) {
            throw ApiException.badRequest("fieldManager: Too long: may not be more than 128 bytes");
        }
        String validation = Http.query(ex, "fieldValidation");
        WriteOptions.FieldValidation mode = validation == null || validation.isEmpty()
                ? WriteOptions.FieldValidation.WARN
                : switch (validation) {
                    case "Strict" -> WriteOptions.FieldValidation.STRICT;
                    case "Warn" -> WriteOptions.FieldValidation.WARN;
                    case "Ignore" -> WriteOptions.FieldValidation.IGNORE;
                    default -> throw ApiException.badRequest("fieldValidation: Unsupported value: \"" + validation
                            + "\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
                };
        return new WriteOptions(ex.getAttachment(Attachments.USER), dryRun != null && !dryRun.isEmpty(), manager, mode,
                false);
    }

    private static LabelSelector labelSelector(HttpServerExchange ex) {
        try {
            return LabelSelector.parse(Http.query(ex, "labelSelector"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static FieldSelector fieldSelector(HttpServerExchange ex, ResourceType type) {
        try {
            return FieldSelector.parse(Http.query(ex, "fieldSelector"), type);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static boolean wantsTable(HttpServerExchange ex) {
        String accept = ex.getRequestHeaders().getFirst(Headers.ACCEPT);
        return accept != null && accept.contains("as=Table");
    }

    private static ObjectNode listMeta(long revision, String continueToken, int remaining) {
        ObjectNode meta = Json.object();
        meta.put("resourceVersion", Long.toString(revision));
        if (continueToken != null) {
            meta.put("continue", continueToken);
        }
        if (remaining > 0) {
            meta.put("remainingItemCount", remaining);
        }
        return meta;
    }

    private static String encodeContinue(String lastKey, long revision) {
        ObjectNode token = Json.object();
        token.put("v", "meta.k8s.io/v1");
        token.put("rv", revision);
        token.put("start", lastKey);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(token));
    }

    private static String decodeContinue(String token) {
        try {
            JsonNode node = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(token));
            String start = node.path("start").asText("");
            if (!node.path("v").asText().equals("meta.k8s.io/v1") || start.isEmpty()) {
                throw ApiException.badRequest("continue key is not valid: incorrect encoded start resourceVersion");
            }
            return start;
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw ApiException.badRequest("continue key is not valid: " + e.getMessage());
        }
    }

    private static int parseInt(String value, String name) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": Invalid value: \"" + value + "\": must be an integer");
        }
    }

    private static long parseRevision(String rv) {
        try {
            long v = Long.parseLong(rv);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("resourceVersion: Invalid value: \"" + rv + "\": must be a non-negative integer");
        }
    }

    private static boolean sameVersion(ResourceType type, ObjectNode object) {
        return type.apiVersion().equals(object.path("apiVersion").asText());
    }

    // CR defaults apply on read too: objects stored before a default was added are served with it.
    /** Whether the stored bytes can be sent as they are: same version, and no schema defaults to apply. */
    private static boolean servedAsStored(ResourceType type, ObjectNode object) {
        return sameVersion(type, object) && !(type.defaulter() instanceof SchemaDefaulter);
    }

    /**
     * The object as served at the requested version (conversion None: only apiVersion changes),
     * with the version's schema defaults applied when it has any. Never modifies {@code object}.
     */
    private static ObjectNode forVersion(ResourceType type, ObjectNode object) {
        ObjectNode served = type.defaulter() instanceof SchemaDefaulter d ? d.onRead(object) : object;
        if (sameVersion(type, served)) {
            return served;
        }
        ObjectNode copy = served == object ? object.deepCopy() : served;
        copy.put("apiVersion", type.apiVersion());
        return copy;
    }

    // ---- scale subresource ----------------------------------------------------------------------------

    private static ObjectNode toScale(ResourceType type, ObjectNode object) {
        ScaleSubresource s = type.scale();
        ObjectNode scale = Json.object();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        JsonNode m = object.path("metadata");
        for (String f : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            if (m.has(f)) {
                meta.set(f, m.get(f));
            }
        }
        scale.putObject("spec").put("replicas", at(object, s.specReplicasPath()).asInt(0));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", at(object, s.statusReplicasPath()).asInt(0));
        if (s.labelSelectorPath() != null) {
            JsonNode selector = at(object, s.labelSelectorPath());
            if (selector.isTextual()) {
                status.put("selector", selector.asText());
            } else if (selector.isObject()) {
                status.put("selector", SelectorText.of(selector));
            }
        }
        return scale;
    }

    private static ObjectNode setReplicas(ResourceType type, ObjectNode object, int replicas) {
        String[] parts = type.scale().specReplicasPath().substring(1).split("\\.");
        ObjectNode node = object;
        for (int i = 0; i < parts.length - 1; i++) {
            node = Json.with(node, parts[i]);
        }
        node.put(parts[parts.length - 1], replicas);
        return object;
    }

    private static JsonNode at(JsonNode object, String path) {
        JsonNode node = object;
        for (String p : path.substring(1).split("\\.")) {
            node = node.path(p);
        }
        return node;
    }

    private static ResourceType scaleType() {
        return ResourceType.builder("autoscaling", "v1", "Scale", "scales").build();
    }
}
