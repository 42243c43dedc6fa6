package io.timonel.plugins.coreapi.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.models.EventsV1Event;
import io.timonel.plugins.coreapi.core.CoreColumns;
import io.timonel.plugins.coreapi.support.Columns;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.plugins.coreapi.support.Kinds;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.PrinterColumn;
import io.timonel.spi.resource.ResourceType;
import java.util.List;

/** events.k8s.io/v1: the newer shape of Events. */
public final class EventsV1Types {

    private EventsV1Types() {
    }

    public static List<ResourceType> all(Kinds kinds) {
        ResourceType.Builder b = kinds.define(EventsV1Event.class, "events.k8s.io", "v1", "Event", "events")
                .shortNames("ev")
                .printerColumn(new PrinterColumn("LAST SEEN", "date", "", "When the event was last seen", 0,
                        EventsV1Types::lastSeen))
                .printerColumn(Columns.path("TYPE", "string", ".type", "Normal or Warning"))
                .printerColumn(Columns.path("REASON", "string", ".reason", "Why the event was emitted"))
                .printerColumn(Columns.string("OBJECT", "What the event is about",
                        o -> CoreColumns.eventObject(o, "regarding")))
                .printerColumn(Columns.path("MESSAGE", "string", ".note", "What happened"))
                .selectableField("reason").selectableField("type").selectableField("reportingController")
                .validator(Validation.names(NameRule.DNS1123_SUBDOMAIN));
        for (String field : new String[] {"kind", "namespace", "name", "uid", "apiVersion", "resourceVersion",
                "fieldPath"}) {
            b.selectableField("regarding." + field);
        }
        return List.of(b.build());
    }

    private static Object lastSeen(JsonNode event) {
        for (String[] path : new String[][] {{"series", "lastObservedTime"}, {"deprecatedLastTimestamp"},
                {"eventTime"}, {"deprecatedFirstTimestamp"}, {"metadata", "creationTimestamp"}}) {
            String value = Json.text(event, path);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }
}
