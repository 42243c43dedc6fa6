package io.timonel.plugins.admission.quota;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.plugins.admission.resources.Quantity;
import java.time.Instant;
import java.util.Map;

/**
 * Usage admitted but not yet visible in the watch cache: the object {@code uid} of
 * {@code group/resource} named {@code name}, charged {@code usage}, held until the cache shows
 * that uid or until {@code expires}, whichever comes first.
 */
record Reservation(String group, String resource, String name, String uid, JsonNode object,
                   Map<String, Quantity> usage, Instant expires) {
}
