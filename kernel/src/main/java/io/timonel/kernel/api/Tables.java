package io.timonel.kernel.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.json.Json;
import io.timonel.spi.resource.PrinterColumn;
import io.timonel.spi.resource.ResourceType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Server-side printing: objects as a meta.k8s.io/v1 Table, what {@code kubectl get} asks for
 * with {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}. The NAME column comes first,
 * then the type's printer columns (or AGE when it declares none). Cells of type {@code date} are
 * rendered as ages ("5m", "3d"), as Kubernetes does.
 */
public final class Tables {
    private final Clock clock;

    public Tables(Clock clock) {
        this.clock = clock;
    }

    /** What each row carries besides its cells (the {@code includeObject} parameter). */
    public enum IncludeObject { NONE, METADATA, OBJECT }

    public static IncludeObject includeObject(String param) {
        if (param == null || param.isEmpty() || param.equals("Metadata")) {
            return IncludeObject.METADATA;
        }
        return switch (param) {
            case "None" -> IncludeObject.NONE;
            case "Object" -> IncludeObject.OBJECT;
            default -> throw ApiException.badRequest("includeObject: Unsupported value: \"" + param
                    + "\": supported values: \"Metadata\", \"None\", \"Object\"");
        };
    }

    public ObjectNode table(ResourceType type, List<? extends JsonNode> objects, IncludeObject include,
                            ObjectNode listMeta) {
        ObjectNode table = Json.object();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        table.set("metadata", listMeta == null ? Json.object() : listMeta);
        ArrayNode defs = table.putArray("columnDefinitions");
        List<PrinterColumn> columns = columns(type);
        ObjectNode nameDef = defs.addObject();
        nameDef.put("name", "Name").put("type", "string").put("format", "name")
                .put("description", "Name must be unique within a namespace.").put("priority", 0);
        for (PrinterColumn c : columns) {
            defs.addObject().put("name", c.name()).put("type", c.type()).put("format", c.format())
                    .put("description", c.description()).put("priority", c.priority());
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode o : objects) {
            rows.add(row(type, o, columns, include));
        }
        return table;
    }

    private ObjectNode row(ResourceType type, JsonNode o, List<PrinterColumn> columns, IncludeObject include) {
        ObjectNode row = Json.object();
        ArrayNode cells = row.putArray("cells");
        cells.add(o.path("metadata").path("name").asText(""));
        for (PrinterColumn c : columns) {
            Object v;
            try {
                v = c.cell().cell(o);
            } catch (RuntimeException e) {
                v = null;
            }
            if (v == null) {
                cells.add(c.type().equals("date") ? "<unknown>" : "<none>");
            } else if (c.type().equals("date")) {
                cells.add(age(String.valueOf(v)));
            } else if (v instanceof Integer i) {
                cells.add(i);
            } else if (v instanceof Long l) {
                cells.add(l);
            } else if (v instanceof Number n) {
                cells.add(new BigDecimal(n.toString()));
            } else if (v instanceof Boolean b) {
                cells.add(b);
            } else {
                cells.add(String.valueOf(v));
            }
        }
        switch (include) {
            case OBJECT -> row.set("object", o);
            case METADATA -> {
                ObjectNode partial = Json.object();
                partial.put("kind", "PartialObjectMetadata");
                partial.put("apiVersion", "meta.k8s.io/v1");
                partial.set("metadata", o.path("metadata"));
                row.set("object", partial);
            }
            case NONE -> { }
        }
        return row;
    }

    private static List<PrinterColumn> columns(ResourceType type) {
        if (!type.printerColumns().isEmpty()) {
            return type.printerColumns();
        }
        return List.of(PrinterColumn.ofPath("Age", "date", ".metadata.creationTimestamp",
                "CreationTimestamp is a timestamp representing the server time when this object was created."));
    }

    /** Kubernetes' short human duration: 45s, 5m, 5m30s, 3h, 3h20m, 2d, 2d3h, 400d, 3y... */
    String age(String timestamp) {
        Instant t;
        try {
            t = Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return "<invalid>";
        }
        Duration d = Duration.between(t, clock.instant());
        if (d.isNegative()) {
            return "0s";
        }
        return humanDuration(d);
    }

    static String humanDuration(Duration d) {
        long s = d.getSeconds();
        if (s < 120) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 10) {
            long rem = s % 60;
            return rem == 0 ? m + "m" : m + "m" + rem + "s";
        }
        if (m < 180) {
            return m + "m";
        }
        long h = s / 3600;
        if (h < 8) {
            long rem = m % 60;
            return rem == 0 ? h + "h" : h + "h" + rem + "m";
        }
        if (h < 48) {
            return h + "h";
        }
        if (h < 24 * 8) {
            long rem = h % 24;
            return rem == 0 ? h / 24 + "d" : h / 24 + "d" + rem + "h";
        }
        if (h < 24 * 365 * 2) {
            return h / 24 + "d";
        }
        if (h < 24 * 365 * 8) {
            long days = (h / 24) % 365;
            return days == 0 ? h / 24 / 365 + "y" : h / 24 / 365 + "y" + days + "d";
        }
        return h / 24 / 365 + "y";
    }
}
