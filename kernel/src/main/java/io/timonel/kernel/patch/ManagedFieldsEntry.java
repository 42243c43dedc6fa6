package io.timonel.kernel.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code metadata.managedFields}: the fields one manager owns through one kind of
 * operation, written as Kubernetes writes it:
 * <pre>{"manager":"kubectl","operation":"Apply","apiVersion":"v1","time":"2026-01-02T03:04:05Z",
 *  "fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:color":{}}}}</pre>
 *
 * @param manager     the field manager, e.g. {@code kubectl} or {@code kube-controller-manager}
 * @param operation   {@link #APPLY} or {@link #UPDATE}
 * @param apiVersion  the API version the fields are expressed in
 * @param time        when the manager last changed the object, or {@code null}
 * @param subresource e.g. {@code status}; empty for the main resource
 * @param fields      the fields owned
 */
public record ManagedFieldsEntry(String manager, String operation, String apiVersion, Instant time,
                                 String subresource, FieldSet fields) {

    public static final String APPLY = "Apply";
    public static final String UPDATE = "Update";

    /**
     * The order Kubernetes keeps entries in: by operation, time (seconds), manager, API
     * version and subresource.
     */
    static final Comparator<ManagedFieldsEntry> ORDER = Comparator
            .comparing(ManagedFieldsEntry::operation)
            .thenComparingLong(e -> e.time() == null ? 0 : e.time().getEpochSecond())
            .thenComparing(ManagedFieldsEntry::manager)
            .thenComparing(ManagedFieldsEntry::apiVersion)
            .thenComparing(ManagedFieldsEntry::subresource);

    public ManagedFieldsEntry {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(operation, "operation");
        apiVersion = apiVersion == null ? "" : apiVersion;
        subresource = subresource == null ? "" : subresource;
        time = time == null ? null : time.truncatedTo(ChronoUnit.SECONDS);
        Objects.requireNonNull(fields, "fields");
    }

    /**
     * Whether {@code other} is the same manager as this one: Kubernetes keeps one entry per
     * manager, operation and subresource — and, for updates, API version.
     */
    boolean sameManager(ManagedFieldsEntry other) {
        return manager.equals(other.manager) && operation.equals(other.operation)
                && subresource.equals(other.subresource)
                && (operation.equals(APPLY) || apiVersion.equals(other.apiVersion));
    }

    ManagedFieldsEntry withFields(FieldSet newFields) {
        return new ManagedFieldsEntry(manager, operation, apiVersion, time, subresource, newFields);
    }

    ManagedFieldsEntry withTime(Instant newTime) {
        return new ManagedFieldsEntry(manager, operation, apiVersion, newTime, subresource, fields);
    }

    /**
     * The manager as Kubernetes names it in conflict messages: {@code "kubectl"} for an
     * applier, {@code "kubectl-edit" using v1} for an updater.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder(quote(manager));
        if (!subresource.isEmpty()) {
            sb.append(" with subresource ").append(quote(subresource));
        }
        if (operation.equals(UPDATE)) {
            sb.append(" using ").append(apiVersion);
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return Json.compact(Json.NODES.textNode(s));
    }

    /** This entry as JSON, fields in Kubernetes' order; time as RFC 3339 seconds. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("manager", manager);
        o.put("operation", operation);
        o.put("apiVersion", apiVersion);
        if (time != null) {
            o.put("time", Times.format(time));
        }
        o.put("fieldsType", "FieldsV1");
        o.set("fieldsV1", fields.toFieldsV1());
        if (!subresource.isEmpty()) {
            o.put("subresource", subresource);
        }
        return o;
    }

    /**
     * Reads one entry.
     *
     * @return the entry, or empty when it is not a well-formed FieldsV1 entry
     */
    public static Optional<ManagedFieldsEntry> fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            return Optional.empty();
        }
        String operation = json.path("operation").asText("");
        if (!operation.equals(APPLY) && !operation.equals(UPDATE)) {
            return Optional.empty();
        }
        JsonNode fieldsType = json.get("fieldsType");
        if (fieldsType != null && !fieldsType.asText().equals("FieldsV1")) {
            return Optional.empty();
        }
        Optional<FieldSet> fields = json.has("fieldsV1") ? FieldSet.fromFieldsV1(json.get("fieldsV1"))
                : Optional.of(FieldSet.empty());
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Instant time = null;
        JsonNode t = json.get("time");
        if (t != null && !t.isNull()) {
            try {
                time = Times.parse(t.asText());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new ManagedFieldsEntry(json.path("manager").asText(""), operation,
                json.path("apiVersion").asText(""), time, json.path("subresource").asText(""), fields.get()));
    }

    /**
     * Reads a whole {@code managedFields} list.
     *
     * @return the entries, or empty when the list or any entry is malformed (Kubernetes then
     *         starts afresh rather than failing the write)
     */
    static Optional<List<ManagedFieldsEntry>> listFromJson(JsonNode list) {
        List<ManagedFieldsEntry> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return Optional.of(out);
        }
        if (!list.isArray()) {
            return Optional.empty();
        }
        for (JsonNode item : list) {
            Optional<ManagedFieldsEntry> e = fromJson(item);
            if (e.isEmpty()) {
                return Optional.empty();
            }
            addMerging(out, e.get());
        }
        return Optional.of(out);
    }

    /** Adds {@code entry}, folding it into an entry of the same manager (one entry per manager). */
    private static void addMerging(List<ManagedFieldsEntry> entries, ManagedFieldsEntry entry) {
        for (int i = 0; i < entries.size(); i++) {
            ManagedFieldsEntry e = entries.get(i);
            if (e.sameManager(entry)) {
                Instant latest = e.time() == null || (entry.time() != null && entry.time().isAfter(e.time()))
                        ? entry.time() : e.time();
                entries.set(i, e.withFields(e.fields().union(entry.fields())).withTime(latest));
                return;
            }
        }
        entries.add(entry);
    }

    /** The entries as a {@code managedFields} list in Kubernetes' order. */
    static ArrayNode listToJson(List<ManagedFieldsEntry> entries) {
        ArrayNode out = Json.array();
        entries.stream().sorted(ORDER).forEach(e -> out.add(e.toJson()));
        return out;
    }

    /**
     * Entry times in both directions, remembered by hash: every write parses and formats the
     * times of all entries of its object, and java.time's parser was a hot spot. Racy on
     * purpose: a slot holds an immutable pair or null, and a miss only works it out again.
     */
    private static final class Times {
        private record Pair(String text, Instant instant) {
        }

        private static final Pair[] BY_TEXT = new Pair[256];
        private static final Pair[] BY_INSTANT = new Pair[256];

        static Instant parse(String text) {
            int slot = text.hashCode() & (BY_TEXT.length - 1);
            Pair p = BY_TEXT[slot];
            if (p != null && p.text.equals(text)) {
                return p.instant;
            }
            Instant instant = Instant.parse(text);
            BY_TEXT[slot] = new Pair(text, instant);
            return instant;
        }

        static String format(Instant instant) {
            int slot = instant.hashCode() & (BY_INSTANT.length - 1);
            Pair p = BY_INSTANT[slot];
            if (p != null && p.instant.equals(instant)) {
                return p.text;
            }
            String text = DateTimeFormatter.ISO_INSTANT.format(instant);
            BY_INSTANT[slot] = new Pair(text, instant);
            return text;
        }
    }
}
