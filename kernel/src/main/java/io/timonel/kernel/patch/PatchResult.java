package io.timonel.kernel.patch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The outcome of applying a patch: the patched object, or why the patch was refused. Patch
 * engines return these values and never throw for bad input.
 */
public sealed interface PatchResult {

    /** The HTTP status the API server answers with: 200 for {@link Patched}. */
    int httpStatus();

    /** Why the patch was refused, for the Status message; empty for {@link Patched}. */
    default String reason() {
        if (this instanceof Malformed m) {
            return m.message();
        }
        if (this instanceof Invalid i) {
            return i.message();
        }
        if (this instanceof TooLarge t) {
            return t.message();
        }
        return "";
    }

    /**
     * The patch applied; {@code object} is a new tree, the inputs were left untouched.
     *
     * @param object the patched object
     */
    record Patched(ObjectNode object) implements PatchResult {
        public Patched {
            Objects.requireNonNull(object, "object");
        }

        @Override
        public int httpStatus() {
            return 200;
        }
    }

    /**
     * The patch document itself is not well formed (not the right JSON shape, an unknown
     * operation or directive): the API server answers 400 BadRequest with {@code message}.
     */
    record Malformed(String message) implements PatchResult {
        @Override
        public int httpStatus() {
            return 400;
        }
    }

    /**
     * The patch is well formed but cannot apply to this object (a missing path, a failed
     * {@code test}, a list item without its merge key, a result that is not an object): the
     * API server answers 422 with {@code message}.
     */
    record Invalid(String message) implements PatchResult {
        @Override
        public int httpStatus() {
            return 422;
        }
    }

    /** The patch has more operations than the server accepts: the API server answers 413. */
    record TooLarge(String message) implements PatchResult {
        @Override
        public int httpStatus() {
            return 413;
        }
    }
}
