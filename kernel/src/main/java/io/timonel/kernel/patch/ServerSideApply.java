package io.timonel.kernel.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.spi.resource.OpenApiSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Server-side apply and field ownership ({@code metadata.managedFields}).
 *
 * <p>Every write records who set what. {@link #apply} merges an apply configuration
 * ({@code application/apply-patch+yaml}) into the live object on behalf of a manager whose
 * owned fields become exactly the configuration's; {@link #recordUpdate} records an ordinary
 * create, update or patch. Field ownership follows Kubernetes:
 * <ul>
 * <li>an applier owns exactly the fields of its last configuration; fields it owned before and
 *     no longer applies are removed from the object, unless another manager owns them too;
 * <li>applying a value to a field another manager owns with a different value is a conflict,
 *     unless forced, which takes the field over; applying the same value shares ownership;
 * <li>an update takes the fields it changed from everybody else; removed fields are owned by
 *     nobody;
 * <li>{@code apiVersion}, {@code kind} and the server-set metadata (name, namespace, uid,
 *     resourceVersion, generation, creationTimestamp, managedFields…) are owned by nobody;
 * <li>entries with no fields left are dropped; entries are kept in Kubernetes' order;
 * <li>for the {@code kubectl} manager, fields still holding the values of the client-side
 *     {@code last-applied-configuration} annotation do not conflict, and the annotation is kept
 *     in step with the applied configuration (Kubernetes' path from client- to server-side apply).
 * </ul>
 *
 * <p>Both operations are pure: the inputs are not modified and the time is given.
 */
public final class ServerSideApply {

    /** The manager Kubernetes records for the fields of an object first applied to while it had no managed fields. */
    public static final String BEFORE_FIRST_APPLY = "before-first-apply";

    private static final FieldSet IGNORED = FieldSet.of(
            FieldPath.of("apiVersion"),
            FieldPath.of("kind"),
            FieldPath.of("metadata"),
            FieldPath.of("metadata", "name"),
            FieldPath.of("metadata", "namespace"),
            FieldPath.of("metadata", "creationTimestamp"),
            FieldPath.of("metadata", "selfLink"),
            FieldPath.of("metadata", "uid"),
            FieldPath.of("metadata", "clusterName"),
            FieldPath.of("metadata", "generation"),
            FieldPath.of("metadata", "managedFields"),
            FieldPath.of("metadata", "resourceVersion"));

    private ServerSideApply() {
    }

    /** {@link #apply(JsonNode, JsonNode, String, String, boolean, OpenApiSchema, Instant)} on the main resource. */
    public static ApplyResult apply(JsonNode live, JsonNode applied, String manager, boolean force,
                                    OpenApiSchema schema, Instant now) {
        return apply(live, applied, manager, "", force, schema, now);
    }

    /**
     * Applies {@code applied} on behalf of {@code manager}.
     *
     * @param live        the current object, or {@code null} when apply creates it
     * @param applied     the apply configuration (the request body, decoded)
     * @param manager     the {@code fieldManager} (required for apply)
     * @param subresource e.g. {@code status}; empty or {@code null} for the main resource
     * @param force       take over conflicting fields instead of failing
     * @param schema      the type's schema; {@code null} treats maps as granular and lists as atomic
     * @param now         the time recorded in the applier's entry when the object changes
     * @return {@link ApplyResult.Applied} with the merged object and its managed fields;
     *         {@link ApplyResult.Conflict} listing fields owned by others (409);
     *         {@link ApplyResult.Malformed} (400) or {@link ApplyResult.Invalid} (422)
     */
    public static ApplyResult apply(JsonNode live, JsonNode applied, String manager, String subresource,
                                    boolean force, OpenApiSchema schema, Instant now) {
        if (applied == null || !applied.isObject()) {
            return new ApplyResult.Malformed("apply configuration must be a JSON or YAML object");
        }
        if (manager == null || manager.isEmpty()) {
            return new ApplyResult.Invalid("fieldManager: Required value: is required for apply patch");
        }
        JsonNode appliedManagedFields = applied.path("metadata").get("managedFields");
        if (appliedManagedFields != null && !appliedManagedFields.isNull()) {
            return new ApplyResult.Malformed("metadata.managedFields must be nil");
        }
        SchemaNode root = SchemaNode.root(schema);
        Optional<String> problem = ApplyValidation.check(applied, root);
        if (problem.isPresent()) {
            return new ApplyResult.Invalid(problem.get());
        }

        boolean creating = live == null || !live.isObject();
        ObjectNode current = creating ? Json.object() : ((ObjectNode) live).deepCopy();
        String apiVersion = applied.path("apiVersion").asText(current.path("apiVersion").asText(""));
        List<ManagedFieldsEntry> entries = trackedEntries(current, creating, root, now);
        ManagedFieldsEntry previous = find(entries, new ManagedFieldsEntry(manager, ManagedFieldsEntry.APPLY,
                apiVersion, null, subresource, FieldSet.empty()));
        FieldSet appliedFields = FieldSetCollector.collect(applied, root);
        ObjectNode result = mergeAndPrune(current, applied, appliedFields, previous, entries, root);

        Comparison comparison = Comparison.of(current, result, root);
        FieldSet changed = comparison.changed().difference(IGNORED);
        FieldSet removed = comparison.removed().difference(IGNORED);
        List<ApplyResult.FieldConflict> conflicts = new ArrayList<>();
        List<ManagedFieldsEntry> updated = new ArrayList<>();
        for (ManagedFieldsEntry e : entries) {
            if (e != previous) {
                FieldSet taken = e.fields().intersection(changed);
                taken.paths().forEach(p -> conflicts.add(new ApplyResult.FieldConflict(e.describe(), p)));
                updated.add(e.withFields(e.fields().difference(taken).difference(removed)));
            }
        }
        if (!conflicts.isEmpty() && !force && !movingFromClientSideApply(manager, current, conflicts, root)) {
            conflicts.sort(Comparator.comparing(ApplyResult.FieldConflict::manager)
                    .thenComparing(ApplyResult.FieldConflict::field));
            return new ApplyResult.Conflict(conflicts);
        }

        if (LastApplied.KUBECTL.equals(manager)) {
            LastApplied.sync(current, result, applied);
        }
        boolean objectChanged = creating || !Json.same(current, result);
        Instant time = objectChanged ? now : previous == null ? null : previous.time();
        updated.add(new ManagedFieldsEntry(manager, ManagedFieldsEntry.APPLY, apiVersion, time, subresource,
                appliedFields.difference(IGNORED)));
        setManagedFields(result, updated);
        return new ApplyResult.Applied(result, objectChanged);
    }

    /**
     * The managed fields of {@code current}, which loses them. The first apply to an object
     * written before fields were tracked credits what it holds to {@link #BEFORE_FIRST_APPLY}.
     */
    private static List<ManagedFieldsEntry> trackedEntries(ObjectNode current, boolean creating, SchemaNode root,
                                                           Instant now) {
        List<ManagedFieldsEntry> entries = new ArrayList<>(
                ManagedFieldsEntry.listFromJson(removeManagedFields(current)).orElse(List.of()));
        if (!creating && entries.isEmpty()) {
            FieldSet existing = Comparison.of(Json.object(), current, root).changed().difference(IGNORED);
            if (!existing.isEmpty()) {
                entries.add(new ManagedFieldsEntry(BEFORE_FIRST_APPLY, ManagedFieldsEntry.UPDATE,
                        current.path("apiVersion").asText(""), now, "", existing));
            }
        }
        return entries;
    }

    /**
     * Merges the configuration into the object, then removes what the applier applied last time
     * and no longer does, unless someone else (or the configuration) still owns it.
     */
    private static ObjectNode mergeAndPrune(ObjectNode current, JsonNode applied, FieldSet appliedFields,
                                            ManagedFieldsEntry previous, List<ManagedFieldsEntry> entries,
                                            SchemaNode root) {
        JsonNode merged = ApplyMerge.merge(current, applied, root);
        if (previous == null) {
            return (ObjectNode) merged;
        }
        FieldSet stillOwned = appliedFields;
        for (ManagedFieldsEntry e : entries) {
            if (e != previous) {
                stillOwned = stillOwned.union(e.fields());
            }
        }
        // Server-set metadata (and metadata itself) is never pruned, whatever the configuration holds.
        FieldSet dropped = FieldRemoval.withNamedFieldsAsMembers(previous.fields(), root)
                .difference(FieldRemoval.withNamedFieldsAsMembers(stillOwned, root))
                .difference(IGNORED);
        return (ObjectNode) FieldRemoval.remove(merged, dropped, root);
    }

    /**
     * Whether {@code kubectl} may take the conflicting fields over because they still hold the
     * values it applied client-side (Kubernetes' path from client- to server-side apply).
     */
    private static boolean movingFromClientSideApply(String manager, ObjectNode current,
                                                     List<ApplyResult.FieldConflict> conflicts, SchemaNode root) {
        if (!LastApplied.KUBECTL.equals(manager)) {
            return false;
        }
        FieldSet unchanged = LastApplied.unchangedFields(current, root);
        return conflicts.stream().allMatch(c -> unchanged.contains(c.field()));
    }

    /** {@link #recordUpdate(JsonNode, JsonNode, String, String, OpenApiSchema, Instant)} on the main resource. */
    public static ObjectNode recordUpdate(JsonNode oldObj, JsonNode newObj, String manager, OpenApiSchema schema,
                                          Instant now) {
        return recordUpdate(oldObj, newObj, manager, "", schema, now);
    }

    /**
     * Records a non-apply write (create, update, patch) by {@code manager} in the managed fields
     * of {@code newObj}: the manager's {@code Update} entry gains the fields that changed (and
     * its time becomes {@code now}); every other entry loses them, and everybody loses removed
     * fields.
     *
     * <p>As in Kubernetes, managed fields sent in {@code newObj} replace the stored ones when
     * they are a non-empty, well-formed list (so {@code kubectl replace} of a fetched object keeps
     * them); {@code [{}]} clears them and records nothing; anything else keeps the stored ones.
     *
     * @param oldObj      the stored object, or {@code null} for a create
     * @param newObj      the object about to be stored
     * @param manager     the field manager: the {@code fieldManager} parameter, or derived from
     *                    the user agent (e.g. {@code kubectl-edit}, {@code kubectl-create})
     * @param subresource e.g. {@code status}; empty or {@code null} for the main resource
     * @param schema      the type's schema, may be {@code null}
     * @param now         the time recorded in the manager's entry when it changed something
     * @return a copy of {@code newObj} with {@code metadata.managedFields} updated; it shares
     *         everything but its root and {@code metadata} nodes with {@code newObj} (copying the
     *         whole object on every write was a hot spot), so callers modify only those two
     */
    public static ObjectNode recordUpdate(JsonNode oldObj, JsonNode newObj, String manager, String subresource,
                                          OpenApiSchema schema, Instant now) {
        if (!(newObj instanceof ObjectNode written) || !(written.get("metadata") instanceof ObjectNode)) {
            return newObj != null && newObj.isObject() ? ((ObjectNode) newObj).deepCopy() : Json.object();
        }
        ObjectNode result = withOwnMetadata(written);
        ObjectNode before = oldObj instanceof ObjectNode stored ? withOwnMetadata(stored) : Json.object();
        JsonNode storedManagedFields = removeManagedFields(before);
        JsonNode sentManagedFields = removeManagedFields(result);
        if (isReset(sentManagedFields)) {
            return result;
        }
        Optional<List<ManagedFieldsEntry>> sent = sentManagedFields != null && sentManagedFields.isArray()
                && !sentManagedFields.isEmpty() ? ManagedFieldsEntry.listFromJson(sentManagedFields) : Optional.empty();
        List<ManagedFieldsEntry> entries = sent
                .or(() -> ManagedFieldsEntry.listFromJson(storedManagedFields))
                .orElse(List.of());

        SchemaNode root = SchemaNode.root(schema);
        Comparison comparison = Comparison.of(before, result, root);
        FieldSet changed = comparison.changed().difference(IGNORED);
        FieldSet removed = comparison.removed().difference(IGNORED);

        String apiVersion = result.path("apiVersion").asText(before.path("apiVersion").asText(""));
        ManagedFieldsEntry self = new ManagedFieldsEntry(manager == null || manager.isEmpty() ? "unknown" : manager,
                ManagedFieldsEntry.UPDATE, apiVersion, now, subresource, FieldSet.empty());
        List<ManagedFieldsEntry> updated = new ArrayList<>();
        FieldSet mine = changed;
        ManagedFieldsEntry previous = null;
        for (ManagedFieldsEntry e : entries) {
            FieldSet kept = e.fields().difference(changed).difference(removed);
            if (e.sameManager(self)) {
                previous = e.withFields(kept);
                mine = mine.union(kept);
            } else {
                updated.add(e.withFields(kept));
            }
        }
        if (!changed.isEmpty()) {
            updated.add(self.withFields(mine));
        } else if (previous != null) {
            updated.add(previous);
        }
        setManagedFields(result, updated);
        return result;
    }

    private static ManagedFieldsEntry find(List<ManagedFieldsEntry> entries, ManagedFieldsEntry like) {
        for (ManagedFieldsEntry e : entries) {
            if (e.sameManager(like)) {
                return e;
            }
        }
        return null;
    }

    /**
     * A copy of {@code object} that shares its content but has its own root and metadata nodes,
     * so that managed fields can be taken out of it without touching {@code object}.
     */
    private static ObjectNode withOwnMetadata(ObjectNode object) {
        ObjectNode copy = Json.object();
        copy.setAll(object);
        if (object.get("metadata") instanceof ObjectNode metadata) {
            copy.set("metadata", Json.object().setAll(metadata));
        }
        return copy;
    }

    /** Removes and returns {@code metadata.managedFields} (or {@code null}). */
    private static JsonNode removeManagedFields(ObjectNode object) {
        JsonNode metadata = object.get("metadata");
        if (metadata instanceof ObjectNode m) {
            return m.remove("managedFields");
        }
        return null;
    }

    /** {@code [{}]}: how a client asks to clear managed fields. */
    private static boolean isReset(JsonNode managedFields) {
        return managedFields != null && managedFields.isArray() && managedFields.size() == 1
                && managedFields.get(0).isObject() && managedFields.get(0).isEmpty();
    }

    private static void setManagedFields(ObjectNode object, List<ManagedFieldsEntry> entries) {
        entries.removeIf(e -> e.fields().isEmpty());
        JsonNode metadata = object.get("metadata");
        ObjectNode m = metadata instanceof ObjectNode o ? o : object.putObject("metadata");
        if (entries.isEmpty()) {
            m.remove("managedFields");
        } else {
            m.set("managedFields", ManagedFieldsEntry.listToJson(entries));
        }
    }

    /** Checks that list items of an apply configuration can be identified. */
    private static final class ApplyValidation {
        private ApplyValidation() {
        }

        static Optional<String> check(JsonNode value, SchemaNode root) {
            List<String> problems = new ArrayList<>();
            walk(value, root, FieldPath.root(), problems);
            return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
        }

        private static void walk(JsonNode value, SchemaNode type, FieldPath path, List<String> problems) {
            if (value.isObject() && !type.isAtomicMap()) {
                Iterator<Map.Entry<String, JsonNode>> it = value.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    walk(e.getValue(), type.property(e.getKey()), path.field(e.getKey()), problems);
                }
            } else if (value.isArray() && type.listKind() != SchemaNode.ListKind.ATOMIC) {
                Set<PathElement> seen = new HashSet<>();
                for (int i = 0; i < value.size(); i++) {
                    JsonNode item = value.get(i);
                    List<String> missing = type.missingKeys(item);
                    if (!missing.isEmpty()) {
                        problems.add(path + ": element " + i + ": associative list with keys has an element that omits key field "
                                + Json.compact(Json.NODES.textNode(missing.get(0))) + " (and doesn't have default value)");
                        continue;
                    }
                    if (type.listKind() == SchemaNode.ListKind.SET && (item.isObject() || item.isArray())) {
                        problems.add(path + ": element " + i + ": set items must be scalars");
                        continue;
                    }
                    PathElement pe = type.elementOf(item, i);
                    if (!seen.add(pe)) {
                        problems.add(path + ": duplicate entries for key " + pe);
                        continue;
                    }
                    walk(item, type.items(), path.child(pe), problems);
                }
            }
        }
    }
}
