package io.timonel.spi.resource;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One claimed value of a pool (see {@link Reservations}).
 *
 * @param pool      the pool, e.g. {@code service-node-ports}
 * @param value     the claimed value, e.g. {@code 30080}
 * @param owner     who claimed it
 * @param claimedAt when it was claimed
 */
public record Reservation(String pool, String value, Owner owner, Instant claimedAt) {

    /**
     * The object holding a claim.
     *
     * @param namespace its namespace, empty when cluster-scoped
     * @param name      its name
     * @param uid       its uid: a later object of the same name is another owner
     */
    public record Owner(String namespace, String name, String uid) {
        public Owner {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(uid, "uid");
        }

        /** The owner that {@code object} (with its metadata) is. */
        public static Owner of(JsonNode object) {
            JsonNode meta = object.path("metadata");
            return new Owner(meta.path("namespace").asText(""), meta.path("name").asText(""),
                    meta.path("uid").asText(""));
        }
    }
}
