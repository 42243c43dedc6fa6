package io.timonel.spi.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Fills in defaults (e.g. {@code spec.replicas: 1}, {@code imagePullPolicy}) on every create and
 * update, before validation. Must be idempotent: defaulting a defaulted object changes nothing.
 */
@FunctionalInterface
public interface ObjectDefaulter {

    /** Sets missing fields of {@code object} in place. */
    void applyDefaults(ObjectNode object);

    ObjectDefaulter NONE = object -> { };
}
