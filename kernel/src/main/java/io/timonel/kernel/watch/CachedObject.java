package io.timonel.kernel.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.json.Json;

/**
 * An object as the watch cache holds it: decoded once, with {@code metadata.resourceVersion} set,
 * and serialized at most once however many watchers and lists send it. The tree is shared by
 * every reader and must never be modified; copy it with {@code object().deepCopy()}.
 */
public final class CachedObject {
    private final String key;
    private final ObjectNode object;
    private final long modRevision;
    private volatile byte[] json;

    /**
     * @param key         the store key
     * @param object      the decoded object
     * @param modRevision the revision of its last write (for deleted objects: of the deletion)
     */
    public CachedObject(String key, ObjectNode object, long modRevision) {
        this.key = key;
        this.object = object;
        this.modRevision = modRevision;
    }

    public String key() {
        return key;
    }

    public ObjectNode object() {
        return object;
    }

    public long modRevision() {
        return modRevision;
    }

    /** The object as JSON bytes, computed on first use. */
    public byte[] json() {
        byte[] bytes = json;
        if (bytes == null) {
            bytes = Json.bytes(object);
            json = bytes;
        }
        return bytes;
    }
}
