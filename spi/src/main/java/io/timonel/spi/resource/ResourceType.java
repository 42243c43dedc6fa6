package io.timonel.spi.resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the kernel needs to store and serve one version of one kind: names, scope,
 * subresources, schema, defaulting, validation, table columns and selectable fields. Built-in
 * types and CustomResourceDefinitions are both described this way. Immutable; build with
 * {@link #builder(String, String, String, String)}.
 */
public final class ResourceType {
    private final GroupVersionKind gvk;
    private final String plural;
    private final String singular;
    private final String listKind;
    private final boolean namespaced;
    private final List<String> shortNames;
    private final List<String> categories;
    private final boolean statusSubresource;
    private final ScaleSubresource scale;
    private final OpenApiSchema schema;
    private final List<PrinterColumn> printerColumns;
    private final Map<String, CellExtractor> selectableFields;
    private final ObjectDefaulter defaulter;
    private final ObjectValidator validator;
    private final List<String> verbs;

    private ResourceType(Builder b) {
        this.gvk = new GroupVersionKind(b.group, b.version, b.kind);
        this.plural = b.plural;
        this.singular = b.singular != null ? b.singular : b.kind.toLowerCase(java.util.Locale.ROOT);
        this.listKind = b.listKind != null ? b.listKind : b.kind + "List";
        this.namespaced = b.namespaced;
        this.shortNames = List.copyOf(b.shortNames);
        this.categories = List.copyOf(b.categories);
        this.statusSubresource = b.statusSubresource;
        this.scale = b.scale;
        this.schema = b.schema;
        this.printerColumns = List.copyOf(b.printerColumns);
        this.selectableFields = Map.copyOf(b.selectableFields);
        this.defaulter = b.defaulter;
        this.validator = b.validator;
        this.verbs = List.copyOf(b.verbs);
    }

    /**
     * Starts a description.
     *
     * @param group   API group, empty for core
     * @param version e.g. {@code v1}
     * @param kind    e.g. {@code ConfigMap}
     * @param plural  the resource name in URLs, e.g. {@code configmaps}
     */
    public static Builder builder(String group, String version, String kind, String plural) {
        return new Builder(group, version, kind, plural);
    }

    public GroupVersionKind gvk() {
        return gvk;
    }

    public String group() {
        return gvk.group();
    }

    public String version() {
        return gvk.version();
    }

    public String kind() {
        return gvk.kind();
    }

    /** {@code v1} or {@code group/version}. */
    public String apiVersion() {
        return gvk.apiVersion();
    }

    public String plural() {
        return plural;
    }

    public String singular() {
        return singular;
    }

    public String listKind() {
        return listKind;
    }

    /** Whether objects live in a namespace (otherwise cluster-scoped). */
    public boolean namespaced() {
        return namespaced;
    }

    public List<String> shortNames() {
        return shortNames;
    }

    /** Categories such as {@code all}, which {@code kubectl get all} expands. */
    public List<String> categories() {
        return categories;
    }

    /** Whether {@code .status} is written only through the {@code /status} subresource. */
    public boolean statusSubresource() {
        return statusSubresource;
    }

    /** The scale subresource, or {@code null} when the type does not scale. */
    public ScaleSubresource scale() {
        return scale;
    }

    /** The schema, or {@code null} when any JSON object is accepted as is. */
    public OpenApiSchema schema() {
        return schema;
    }

    /** Columns of {@code kubectl get}; empty means the default NAME and AGE. */
    public List<PrinterColumn> printerColumns() {
        return printerColumns;
    }

    /**
     * Field-selector fields beyond {@code metadata.name} and {@code metadata.namespace}, which
     * every type supports, e.g. {@code spec.nodeName} for pods.
     */
    public Map<String, CellExtractor> selectableFields() {
        return selectableFields;
    }

    public ObjectDefaulter defaulter() {
        return defaulter;
    }

    public ObjectValidator validator() {
        return validator;
    }

    /** The verbs announced in discovery. */
    public List<String> verbs() {
        return verbs;
    }

    @Override
    public String toString() {
        return plural + (gvk.group().isEmpty() ? "" : "." + gvk.group()) + "/" + gvk.version();
    }

    /** Builder of a {@link ResourceType}; every setter may be called once at most. */
    public static final class Builder {
        private final String group;
        private final String version;
        private final String kind;
        private final String plural;
        private String singular;
        private String listKind;
        private boolean namespaced = true;
        private final List<String> shortNames = new ArrayList<>();
        private final List<String> categories = new ArrayList<>();
        private boolean statusSubresource;
        private ScaleSubresource scale;
        private OpenApiSchema schema;
        private final List<PrinterColumn> printerColumns = new ArrayList<>();
        private final Map<String, CellExtractor> selectableFields = new LinkedHashMap<>();
        private ObjectDefaulter defaulter = ObjectDefaulter.NONE;
        private ObjectValidator validator = ObjectValidator.NONE;
        private List<String> verbs = List.of("create", "delete", "deletecollection", "get", "list", "patch",
                "update", "watch");

        private Builder(String group, String version, String kind, String plural) {
            this.group = Objects.requireNonNull(group, "group");
            this.version = Objects.requireNonNull(version, "version");
            this.kind = Objects.requireNonNull(kind, "kind");
            this.plural = Objects.requireNonNull(plural, "plural");
        }

        public Builder singular(String singular) {
            this.singular = singular;
            return this;
        }

        public Builder listKind(String listKind) {
            this.listKind = listKind;
            return this;
        }

        /** Makes the type cluster-scoped (types are namespaced by default). */
        public Builder clusterScoped() {
            this.namespaced = false;
            return this;
        }

        public Builder shortNames(String... names) {
            shortNames.addAll(List.of(names));
            return this;
        }

        public Builder shortNames(List<String> names) {
            shortNames.addAll(names);
            return this;
        }

        public Builder categories(String... names) {
            categories.addAll(List.of(names));
            return this;
        }

        public Builder categories(List<String> names) {
            categories.addAll(names);
            return this;
        }

        public Builder statusSubresource() {
            this.statusSubresource = true;
            return this;
        }

        public Builder scale(ScaleSubresource scale) {
            this.scale = scale;
            return this;
        }

        public Builder schema(OpenApiSchema schema) {
            this.schema = schema;
            return this;
        }

        public Builder printerColumn(PrinterColumn column) {
            printerColumns.add(column);
            return this;
        }

        /** A field-selector field and how to read it from an object. */
        public Builder selectableField(String field, CellExtractor value) {
            selectableFields.put(field, value);
            return this;
        }

        /** A field-selector field read at the same dotted path, e.g. {@code spec.nodeName}. */
        public Builder selectableField(String field) {
            return selectableField(field, CellExtractor.path("." + field));
        }

        public Builder defaulter(ObjectDefaulter defaulter) {
            this.defaulter = Objects.requireNonNull(defaulter);
            return this;
        }

        public Builder validator(ObjectValidator validator) {
            this.validator = Objects.requireNonNull(validator);
            return this;
        }

        /** The verbs announced in discovery, when not the full set. */
        public Builder verbs(String... verbs) {
            this.verbs = List.of(verbs);
            return this;
        }

        public ResourceType build() {
            return new ResourceType(this);
        }
    }
}
