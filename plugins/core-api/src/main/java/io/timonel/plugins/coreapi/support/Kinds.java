package io.timonel.plugins.coreapi.support;

import io.timonel.plugins.coreapi.schema.ModelSchemas;
import io.timonel.spi.resource.GroupVersionKind;
import io.timonel.spi.resource.PrinterColumn;
import io.timonel.spi.resource.ResourceType;
import java.util.List;

/** Starts resource type descriptions whose schema comes from a Kubernetes model class. */
public final class Kinds {

    private final ModelSchemas schemas;

    public Kinds(ModelSchemas schemas) {
        this.schemas = schemas;
    }

    /** A builder with names and the schema derived from {@code model} filled in. */
    public ResourceType.Builder define(Class<?> model, String group, String version, String kind, String plural) {
        return ResourceType.builder(group, version, kind, plural)
                .schema(schemas.schemaOf(model, new GroupVersionKind(group, version, kind)));
    }

    /** Adds {@code columns} to {@code builder}, in order. */
    public static ResourceType.Builder columns(ResourceType.Builder builder, List<PrinterColumn> columns) {
        columns.forEach(builder::printerColumn);
        return builder;
    }
}
