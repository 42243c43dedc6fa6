package io.timonel.spi.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pf4j.ExtensionPoint;

/**
 * Takes part in the kernel's write path of one resource, synchronously, inside the API request:
 * what Kubernetes' API server does for Services (cluster IPs, node ports) in its registry, open
 * to plugins. Typical use: allocating unique values through {@link WriteHookContext#reservations()}.
 *
 * <p>Order on create and update: mutating admission, defaulting, then {@code before*}, then
 * metadata, schema and type validation, validating admission, and the store write — so the values
 * a hook sets are validated like the client's own. Each successful {@code before*} is followed by
 * exactly one of: the write committed ({@link #afterUpdate} for an update; nothing more for a
 * create), or {@link #abort} when any later step or the store write failed, the write was a dry
 * run, or it changed nothing. An update that conflicts with a concurrent writer is retried by the
 * kernel: {@code abort} then a fresh {@code beforeUpdate} on the newer object.
 *
 * <p>Hooks are not called for subresource writes ({@code status}, {@code binding}), which cannot
 * change what hooks manage. They are called from request threads, concurrently, and must be
 * thread-safe; {@link #abort}, {@link #afterUpdate} and {@link #afterDelete} must not throw and
 * must be idempotent (a crash may lose them: {@link #repair} is the safety net).
 */
public interface ObjectWriteHook extends ExtensionPoint {

    /**
     * A unique name; its settings are {@code controllers.<name>.*} of the kernel configuration,
     * merged over the kernel-wide ones (see {@link WriteHookContext#settings()}).
     */
    String name();

    /** The API group of the resource this hook watches over, empty for core. */
    String group();

    /** The plural resource name, e.g. {@code services}. */
    String resource();

    /**
     * Before an object is created: may change {@code object} in place (its uid and name are final).
     *
     * @return {@link WriteHookResult#ok()} to go on, or a refusal the client receives as a Status
     */
    WriteHookResult beforeCreate(ObjectNode object, WriteHookContext context);

    /**
     * Before an object is replaced (PUT, patch, apply): may change {@code object} in place.
     *
     * @param old the stored object the update is based on; must not be modified
     */
    WriteHookResult beforeUpdate(JsonNode old, ObjectNode object, WriteHookContext context);

    /**
     * The update prepared by {@link #beforeUpdate} is stored: release what {@code old} held and
     * {@code stored} no longer does.
     */
    default void afterUpdate(JsonNode old, JsonNode stored, WriteHookContext context) {
    }

    /**
     * A create or update prepared by {@code before*} was not stored: undo what it took for
     * {@code attempted} that {@code old} does not hold.
     *
     * @param old the stored object for an update, {@code null} for a create
     */
    void abort(JsonNode old, JsonNode attempted, WriteHookContext context);

    /**
     * The object is gone from the store (a delete without finalizers, the last finalizer removed,
     * a namespace's cascade): release everything it held.
     */
    void afterDelete(JsonNode deleted, WriteHookContext context);

    /**
     * Brings reservations back in line with stored objects after a crash lost an {@code abort} or
     * {@code after*} (or before any existed). Called by the kernel at start-up and then
     * periodically, on a kernel thread, never twice at the same time. Must tolerate writes going
     * on concurrently: a claim whose object is not stored yet may be in flight, so only claims
     * older than a grace period may be taken for leaked.
     */
    default void repair(WriteHookContext context) {
    }
}
