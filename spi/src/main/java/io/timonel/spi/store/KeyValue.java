package io.timonel.spi.store;

/**
 * One stored value as of a revision.
 *
 * @param key            the full key, e.g. {@code /registry/configmaps/default/settings}
 * @param value          the serialized object
 * @param createRevision the revision that created this key (since its last deletion)
 * @param modRevision    the revision of the last write to this key; the object's resourceVersion
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision) {
}
