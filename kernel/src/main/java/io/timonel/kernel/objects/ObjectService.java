package io.timonel.kernel.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.api.ApiException;
import io.timonel.kernel.json.Json;
import io.timonel.kernel.watch.CachedObject;
import io.timonel.kernel.watch.WatchCache;
import io.timonel.spi.admission.Operation;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ResourceType;
import io.timonel.spi.store.KeyValue;
import io.timonel.spi.store.StoreBackend;
import io.timonel.spi.store.WriteResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The semantics of reading and writing objects, shared by the REST handlers and the kernel's own
 * loops: metadata ownership (uid, resourceVersion, timestamps, generation), generateName,
 * status and scale subresources, finalizers and graceful deletion, the admission chain, and
 * compare-and-swap against the store with retries when the caller did not pin a resourceVersion.
 */
public final class ObjectService {
    /** Objects larger than this are refused (Kubernetes' request limit is 3 MiB, etcd's 1.5 MiB). */
    public static final int MAX_OBJECT_BYTES = 3 * 512 * 1024;
    /** The pods subresource that adds ephemeral containers (what {@code kubectl debug} writes). */
    public static final String EPHEMERAL_CONTAINERS = "ephemeralcontainers";
    private static final String EPHEMERAL_FIELD = "ephemeralContainers";
    private static final int MAX_RETRIES = 16;
    private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";

    private final StoreBackend store;
    private final WatchCache cache;
    private final Admission admission;
    private final Clock clock;
    private final WriteHooks hooks;
    private final SecureRandom random = new SecureRandom();

    public ObjectService(StoreBackend store, WatchCache cache, Admission admission, Clock clock) {
        this(store, cache, admission, clock, WriteHooks.NONE);
    }

    public ObjectService(StoreBackend store, WatchCache cache, Admission admission, Clock clock, WriteHooks hooks) {
        this.store = store;
        this.cache = cache;
        this.admission = admission;
        this.clock = clock;
        this.hooks = hooks;
    }

    public WatchCache cache() {
        return cache;
    }

    /** Makes the cache reflect every write acknowledged so far (read-your-writes). */
    public void syncCache() {
        if (!cache.awaitRevision(store.currentRevision(), Duration.ofSeconds(10))) {
            throw ApiException.timeout("the watch cache did not catch up with the store in time");
        }
    }

    // ---- reads ----------------------------------------------------------------------------

    public CachedObject get(ResourceType type, String namespace, String name) {
        syncCache();
        CachedObject found = cache.get(Keys.key(type, namespace, name));
        if (found == null) {
            throw ApiException.notFound(type.group(), type.plural(), name);
        }
        return found;
    }

    public WatchCache.Snapshot list(ResourceType type, String namespace) {
        syncCache();
        return cache.list(Keys.prefix(type, namespace));
    }

    // ---- create -----------------------------------------------------------------------------

    public WriteOutcome create(ResourceType type, String namespace, ObjectNode body, WriteOptions opts) {
        checkKind(type, body);
        ObjectNode meta = Json.with(body, "metadata");
        String ns = bodyNamespace(type, namespace, meta);
        requireNamespaceAccepting(type, ns);
        boolean generated = meta.path("name").asText("").isEmpty() && !meta.path("generateName").asText("").isEmpty();
        for (int attempt = 0; ; attempt++) {
            ObjectNode obj = body.deepCopy();
            ObjectNode m = Json.with(obj, "metadata");
            if (generated) {
                m.put("name", m.get("generateName").asText() + randomSuffix());
            }
            String name = m.path("name").asText("");
            m.put("uid", UUID.randomUUID().toString());
            m.put("creationTimestamp", now());
            m.remove(List.of("resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"));
            if (type.namespaced()) {
                m.put("namespace", ns);
            } else {
                m.remove("namespace");
            }
            if (obj.has("spec")) {
                m.put("generation", 1);
            } else {
                m.remove("generation");
            }
            if (type.statusSubresource() && !type.kind().equals("Node")) {
                obj.remove("status");
            }
            if (!opts.ownershipRecorded()) {
                ManagedFields.recordUpdate(type, null, obj, opts, "", clock);
            }
            List<String> warnings = new ArrayList<>();
            Admitted admitted = admitAndValidate(Operation.CREATE, type, "", ns, name, obj, null, opts, warnings);
            obj = admitted.object();
            try {
                byte[] bytes = encode(obj);
                if (opts.dryRun()) {
                    if (cache.get(Keys.key(type, ns, name)) != null) {
                        throw ApiException.alreadyExists(type.group(), type.plural(), name);
                    }
                    return new WriteOutcome(obj, true, warnings);
                }
                WriteResult result = write(() -> store.create(Keys.key(type, ns, name), bytes));
                if (result instanceof WriteResult.Written w) {
                    admitted.hooks().committed(obj);
                    return new WriteOutcome(stamp(obj, w.kv()), true, warnings);
                }
            } finally {
                admitted.hooks().abort(); // no-op once committed
            }
            if (!generated || attempt >= 3) {
                throw ApiException.alreadyExists(type.group(), type.plural(), name);
            }
        }
    }

    // ---- update (PUT) -------------------------------------------------------------------------

    /**
     * Replaces an object (or its status), compare-and-swap on the body's resourceVersion when it
     * has one.
     */
    public WriteOutcome update(ResourceType type, String namespace, String name, String subresource, ObjectNode body,
                               WriteOptions opts) {
        checkKind(type, body);
        ObjectNode meta = Json.with(body, "metadata");
        if (!meta.path("name").asText("").isEmpty() && !meta.path("name").asText().equals(name)) {
            throw ApiException.badRequest("the name of the object (" + meta.path("name").asText()
                    + ") does not match the name on the URL (" + name + ")");
        }
        bodyNamespace(type, namespace, meta);
        String pinned = meta.path("resourceVersion").asText("");
        return guaranteedUpdate(type, namespace, name, subresource, opts, pinned, current -> {
            ObjectNode next = body.deepCopy();
            Json.with(next, "metadata").put("name", name);
            return next;
        });
    }

    /**
     * Reads the current object, computes the next one with {@code change}, and writes it with
     * compare-and-swap, retrying on conflicts unless {@code pinnedVersion} (the resourceVersion
     * the client based its change on) is set — then a conflict is the client's 409.
     */
    public WriteOutcome guaranteedUpdate(ResourceType type, String namespace, String name, String subresource,
                                        WriteOptions opts, String pinnedVersion, UnaryOperator<ObjectNode> change) {
        String key = Keys.key(type, namespace, name);
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            KeyValue kv = read(key);
            if (kv == null) {
                throw ApiException.notFound(type.group(), type.plural(), name);
            }
            ObjectNode current = Json.parseObject(kv.value());
            Json.with(current, "metadata").put("resourceVersion", Long.toString(kv.modRevision()));
            ObjectNode desired = change.apply(current.deepCopy());
            // A resourceVersion in the request (or set by a patch) is a precondition.
            String pin = !pinnedVersion.isEmpty() ? pinnedVersion
                    : desired.path("metadata").path("resourceVersion").asText("");
            if (!pin.isEmpty() && !pin.equals(Long.toString(kv.modRevision()))) {
                throw ApiException.conflict(type.group(), type.plural(), name,
                        "the object has been modified; please apply your changes to the latest version and try again");
            }
            ObjectNode next = prepareUpdate(type, subresource, current, desired);
            if (!opts.ownershipRecorded()) {
                ManagedFields.recordUpdate(type, current, next, opts, subresource, clock);
            }
            List<String> warnings = new ArrayList<>();
            Admitted admitted = admitAndValidate(Operation.UPDATE, type, subresource, namespace, name, next, current,
                    opts, warnings);
            next = admitted.object();
            WriteResult result;
            try {
                if (sameContent(current, next)) {
                    return new WriteOutcome(current, false, warnings);
                }
                if (isFinalized(type, next)) {
                    if (opts.dryRun()) {
                        return new WriteOutcome(next, false, warnings);
                    }
                    WriteResult deleted = write(() -> store.delete(key, kv.modRevision()));
                    if (deleted instanceof WriteResult.Written w) {
                        admitted.hooks().abort(); // what the update took goes with the object
                        hooks.afterDelete(type, current);
                        return new WriteOutcome(stamp(next, w.kv()), false, warnings);
                    }
                    continue;
                }
                if (opts.dryRun()) {
                    return new WriteOutcome(next, false, warnings);
                }
                byte[] bytes = encode(next);
                result = write(() -> store.update(key, bytes, kv.modRevision()));
                if (result instanceof WriteResult.Written w) {
                    admitted.hooks().committed(next);
                    return new WriteOutcome(stamp(next, w.kv()), false, warnings);
                }
            } finally {
                admitted.hooks().abort(); // no-op once committed
            }
            if (result instanceof WriteResult.NotFound) {
                throw ApiException.notFound(type.group(), type.plural(), name);
            }
            if (!pinnedVersion.isEmpty()) {
                throw ApiException.conflict(type.group(), type.plural(), name,
                        "the object has been modified; please apply your changes to the latest version and try again");
            }
        }
        throw ApiException.conflict(type.group(), type.plural(), name, "too many concurrent writers, try again");
    }

    /** Keeps what clients may not change and applies the status subresource's rules. */
    private ObjectNode prepareUpdate(ResourceType type, String subresource, ObjectNode current, ObjectNode desired) {
        ObjectNode next;
        if (subresource.equals(EPHEMERAL_CONTAINERS)) {
            next = current.deepCopy();
            JsonNode wanted = desired.path("spec").get(EPHEMERAL_FIELD);
            if (wanted == null || wanted.isNull()) {
                Json.with(next, "spec").remove(EPHEMERAL_FIELD);
            } else {
                Json.with(next, "spec").set(EPHEMERAL_FIELD, wanted);
            }
            return next;
        }
        if (subresource.equals("status")) {
            next = current.deepCopy();
            if (desired.has("status")) {
                next.set("status", desired.get("status"));
            } else {
                next.remove("status");
            }
            return next;
        }
        next = desired;
        // pods/binding is the server's own write of spec.nodeName and the PodScheduled condition
        if (type.statusSubresource() && !subresource.equals("binding")) {
            if (current.has("status")) {
                next.set("status", current.get("status"));
            } else {
                next.remove("status");
            }
        }
        if (isPods(type) && next.path("spec").isObject()) {
            // a pod's ephemeral containers change only through pods/ephemeralcontainers
            JsonNode kept = current.path("spec").get(EPHEMERAL_FIELD);
            if (kept == null) {
                ((ObjectNode) next.get("spec")).remove(EPHEMERAL_FIELD);
            } else {
                ((ObjectNode) next.get("spec")).set(EPHEMERAL_FIELD, kept);
            }
        }
        ObjectNode m = Json.with(next, "metadata");
        JsonNode cm = current.get("metadata");
        for (String field : List.of("uid", "creationTimestamp", "namespace", "name", "deletionTimestamp",
                "deletionGracePeriodSeconds", "generation")) {
            if (cm.has(field)) {
                m.set(field, cm.get(field));
            } else {
                m.remove(field);
            }
        }
        m.remove("selfLink");
        if (next.has("spec") || current.has("spec")) {
            JsonNode a = strip(current);
            JsonNode b = strip(next);
            long generation = cm.path("generation").asLong(0);
            if (!a.equals(b)) {
                generation++;
            }
            // an int as the parser reads it back: a long node would never equal the stored one,
            // and every no-op update would then be written
            long kept = Math.max(generation, 1);
            if (kept <= Integer.MAX_VALUE) {
                m.put("generation", (int) kept);
            } else {
                m.put("generation", kept);
            }
        }
        return next;
    }

    /** The object without metadata and status: what generation counts changes of. */
    private static JsonNode strip(ObjectNode o) {
        return without(o, Set.of("metadata", "status", "apiVersion", "kind"));
    }

    private static boolean sameContent(ObjectNode current, ObjectNode next) {
        if (!without(current, Set.of("metadata")).equals(without(next, Set.of("metadata")))) {
            return false;
        }
        Set<String> ignored = Set.of("resourceVersion", "managedFields");
        return without(metadataOf(current), ignored).equals(without(metadataOf(next), ignored));
    }

    /** The metadata object, as {@link Json#with} would see it: empty when missing or not an object. */
    private static ObjectNode metadataOf(ObjectNode object) {
        return object.get("metadata") instanceof ObjectNode m ? m : Json.object();
    }

    /**
     * A new root holding {@code o}'s fields but {@code fields}, sharing their values: comparing
     * and encoding need no deep copy of the whole object.
     */
    private static ObjectNode without(ObjectNode o, Set<String> fields) {
        ObjectNode copy = Json.object();
        o.fields().forEachRemaining(e -> {
            if (!fields.contains(e.getKey())) {
                copy.set(e.getKey(), e.getValue());
            }
        });
        return copy;
    }

    // ---- delete ---------------------------------------------------------------------------------

    /**
     * Deletes an object: at once when nothing holds it, otherwise (finalizers, a Foreground or
     * Orphan propagation, a namespace's own finalizers) by setting its deletionTimestamp.
     *
     * @return the object as deleted, or as it now stands while finalizers run
     */
    public ObjectNode delete(ResourceType type, String namespace, String name, DeleteOptions options,
                             WriteOptions opts) {
        String key = Keys.key(type, namespace, name);
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            KeyValue kv = read(key);
            if (kv == null) {
                throw ApiException.notFound(type.group(), type.plural(), name);
            }
            ObjectNode current = Json.parseObject(kv.value());
            ObjectNode meta = Json.with(current, "metadata");
            meta.put("resourceVersion", Long.toString(kv.modRevision()));
            options.checkPreconditions(type, name, meta);
            admission.admitDelete(type, namespace, name, current, opts);
            ObjectNode next = current.deepCopy();
            ObjectNode nm = Json.with(next, "metadata");
            ArrayNode finalizers = nm.has("finalizers") && nm.get("finalizers").isArray()
                    ? (ArrayNode) nm.get("finalizers") : nm.putArray("finalizers");
            String propagation = options.propagationPolicy();
            if ("Orphan".equals(propagation)) {
                addFinalizer(finalizers, "orphan");
            } else if ("Foreground".equals(propagation)) {
                addFinalizer(finalizers, "foregroundDeletion");
            }
            if (finalizers.isEmpty()) {
                nm.remove("finalizers");
            }
            long grace = gracePeriod(type, current, options);
            boolean held = nm.has("finalizers") || namespaceHeld(type, next) || grace > 0;
            if (!held) {
                if (opts.dryRun()) {
                    return current;
                }
                WriteResult result = write(() -> store.delete(key, kv.modRevision()));
                if (result instanceof WriteResult.Written w) {
                    hooks.afterDelete(type, current);
                    return stamp(current, w.kv());
                }
                continue;
            }
            if (!nm.has("deletionTimestamp") || grace < nm.path("deletionGracePeriodSeconds").asLong(Long.MAX_VALUE)) {
                // a shorter grace period may replace a longer one, as Kubernetes allows
                nm.put("deletionTimestamp", Instant.now(clock).plusSeconds(grace).truncatedTo(ChronoUnit.SECONDS)
                        .toString());
                nm.put("deletionGracePeriodSeconds", grace);
                if (type.kind().equals("Namespace") && type.group().isEmpty()) {
                    Json.with(next, "status").put("phase", "Terminating");
                }
            }
            if (sameContent(current, next)) {
                return current;
            }
            if (opts.dryRun()) {
                return next;
            }
            byte[] bytes = encode(next);
            WriteResult result = write(() -> store.update(key, bytes, kv.modRevision()));
            if (result instanceof WriteResult.Written w) {
                return stamp(next, w.kv());
            }
        }
        throw ApiException.conflict(type.group(), type.plural(), name, "too many concurrent writers, try again");
    }

    private static void addFinalizer(ArrayNode finalizers, String name) {
        for (JsonNode f : finalizers) {
            if (f.asText().equals(name)) {
                return;
            }
        }
        finalizers.add(name);
    }

    /**
     * The grace period of a deletion: pods running on a node get time to stop (the request's
     * {@code gracePeriodSeconds}, else the pod's {@code terminationGracePeriodSeconds}, else 30 s)
     * and their node agent removes them; everything else, and pods that are not bound or have
     * finished, go at once.
     */
    private static long gracePeriod(ResourceType type, JsonNode object, DeleteOptions options) {
        if (!(type.group().isEmpty() && type.plural().equals("pods"))) {
            return 0;
        }
        String phase = object.path("status").path("phase").asText("");
        if (object.path("spec").path("nodeName").asText("").isEmpty() || phase.equals("Succeeded")
                || phase.equals("Failed")) {
            return 0;
        }
        if (options.gracePeriodSeconds() != null) {
            return Math.max(0, options.gracePeriodSeconds());
        }
        return object.path("spec").path("terminationGracePeriodSeconds").asLong(30);
    }

    /** A namespace stays while its own {@code spec.finalizers} are pending. */
    private static boolean namespaceHeld(ResourceType type, JsonNode object) {
        return type.group().isEmpty() && type.kind().equals("Namespace")
                && object.path("spec").path("finalizers").size() > 0;
    }

    /** An object being deleted whose last finalizer is gone is removed from the store. */
    private static boolean isFinalized(ResourceType type, ObjectNode object) {
        JsonNode meta = object.path("metadata");
        return meta.hasNonNull("deletionTimestamp") && meta.path("finalizers").size() == 0
                && !namespaceHeld(type, object);
    }

    // ---- shared steps ------------------------------------------------------------------------------

    /** An object through admission and validation, and the write hooks that accepted it. */
    private record Admitted(ObjectNode object, WriteHooks.Run hooks) {
    }

    /**
     * Mutating admission, defaulting, the write hooks, validation, validating admission. When a
     * step after the hooks refuses the object, the hooks are aborted here; otherwise the caller
     * ends their run.
     */
    private Admitted admitAndValidate(Operation op, ResourceType type, String subresource, String namespace,
                                      String name, ObjectNode object, ObjectNode old, WriteOptions opts,
                                      List<String> warnings) {
        ObjectNode admitted = admission.mutate(op, type, subresource, namespace, name, object, old, opts, warnings);
        type.defaulter().applyDefaults(admitted);
        WriteHooks.Run run = subresource.isEmpty() ? hooks.before(type, name, old, admitted) : WriteHooks.Run.EMPTY;
        try {
            List<FieldViolation> violations = new ArrayList<>(MetadataValidation.validate(type, admitted));
            admission.checkSchema(type, admitted, opts, warnings, violations);
            if (!subresource.equals("binding")) { // binding sets spec.nodeName, which update validation forbids
                violations.addAll(type.validator().validate(admitted, old));
            }
            if (!violations.isEmpty()) {
                throw ApiException.invalid(type.group(), type.kind(), name, violations);
            }
            admission.validate(op, type, subresource, namespace, name, admitted, old, opts, warnings);
        } catch (RuntimeException | Error e) {
            run.abort();
            throw e;
        }
        return new Admitted(admitted, run);
    }

    private void checkKind(ResourceType type, ObjectNode body) {
        String apiVersion = body.path("apiVersion").asText("");
        String kind = body.path("kind").asText("");
        if (!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion())) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + type.apiVersion() + ")");
        }
        if (!kind.isEmpty() && !kind.equals(type.kind())) {
            throw ApiException.badRequest("the kind in the data (" + kind + ") does not match the expected kind ("
                    + type.kind() + ")");
        }
        body.put("apiVersion", type.apiVersion());
        body.put("kind", type.kind());
        JsonNode meta = body.get("metadata");
        if (meta != null && !meta.isObject() && !meta.isNull()) {
            throw ApiException.badRequest("metadata must be an object");
        }
    }

    private String bodyNamespace(ResourceType type, String pathNamespace, ObjectNode meta) {
        String bodyNs = meta.path("namespace").asText("");
        if (!type.namespaced()) {
            return "";
        }
        if (pathNamespace == null || pathNamespace.isEmpty()) {
            throw ApiException.badRequest("the namespace of the object must be given in the path");
        }
        if (!bodyNs.isEmpty() && !bodyNs.equals(pathNamespace)) {
            throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent "
                    + "on the request");
        }
        return pathNamespace;
    }

    /** NamespaceLifecycle: nothing is created in a missing or terminating namespace. */
    private void requireNamespaceAccepting(ResourceType type, String namespace) {
        if (!type.namespaced()) {
            return;
        }
        syncCache();
        CachedObject ns = cache.get(WatchCache.ROOT + "namespaces/" + namespace);
        if (ns == null) {
            throw ApiException.notFound("", "namespaces", namespace);
        }
        if (ns.object().path("metadata").hasNonNull("deletionTimestamp")) {
            throw new ApiException(403, "Forbidden", "unable to create new content in namespace " + namespace
                    + " because it is being terminated", null);
        }
    }

    private byte[] encode(ObjectNode object) {
        ObjectNode copy = Json.object();
        copy.setAll(object);
        copy.set("metadata", without(metadataOf(object), Set.of("resourceVersion")));
        byte[] bytes = Json.bytes(copy);
        if (bytes.length > MAX_OBJECT_BYTES) {
            throw ApiException.tooLarge("Request entity too large: limit is " + MAX_OBJECT_BYTES);
        }
        return bytes;
    }

    private static ObjectNode stamp(ObjectNode object, KeyValue kv) {
        Json.with(object, "metadata").put("resourceVersion", Long.toString(kv.modRevision()));
        return object;
    }

    private String randomSuffix() {
        StringBuilder b = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            b.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        }
        return b.toString();
    }

    /** Now, as Kubernetes writes timestamps: RFC 3339 in UTC, whole seconds. */
    public String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private KeyValue read(String key) {
        try {
            return store.get(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface StoreWrite {
        WriteResult run() throws IOException;
    }

    private static WriteResult write(StoreWrite w) {
        try {
            return Objects.requireNonNull(w.run());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code type} is the core group's pods, which have subresources of their own. */
    public static boolean isPods(ResourceType type) {
        return type.group().isEmpty() && type.plural().equals("pods");
    }
}
