package io.timonel.plugins.controllers.kit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;

/**
 * The short hashes workload controllers name things by ({@code pod-template-hash},
 * {@code controller-revision-hash}): FNV-1a 32 over a canonical JSON form of the object (plus a
 * collision count, when one is given), its decimal value spelled in Kubernetes' "safe" alphabet
 * (no vowels, no confusable characters), so names look and behave as on Kubernetes. The values
 * are Timonel's own: Kubernetes hashes Go's printed structs, which a Java program cannot reproduce.
 */
public final class TemplateHash {
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private TemplateHash() {
    }

    /** The canonical JSON of {@code value}: sorted keys, no nulls. */
    public static String canonicalJson(Object value) {
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The canonical JSON of {@code value} with zero values left out (false, 0, "", {}, [], null), as
     * Go's omitempty serialises Kubernetes' structs: two templates that differ only in spelling a
     * default zero ({@code stdin: false}) or leaving it out are the same template, as they are
     * to Kubernetes' semantic comparison. (Unlike Go, an explicit false in an optional pointer
     * field is also treated as absent; no defaulted pod template field depends on that.)
     */
    public static String semanticJson(Object value) {
        com.fasterxml.jackson.databind.JsonNode tree = CANONICAL.valueToTree(value);
        com.fasterxml.jackson.databind.JsonNode pruned = prune(tree);
        return canonicalJson(pruned == null ? CANONICAL.createObjectNode() : pruned);
    }

    private static com.fasterxml.jackson.databind.JsonNode prune(com.fasterxml.jackson.databind.JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            var out = CANONICAL.createObjectNode();
            var names = new java.util.TreeSet<String>();
            node.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                var child = prune(node.get(name));
                if (child != null) {
                    out.set(name, child);
                }
            }
            return out.isEmpty() ? null : out;
        }
        if (node.isArray()) {
            var out = CANONICAL.createArrayNode();
            for (var item : node) {
                var child = prune(item);
                out.add(child == null ? CANONICAL.createObjectNode() : child);
            }
            return out.isEmpty() ? null : out;
        }
        if (node.isBoolean() && !node.booleanValue()
                || node.isNumber() && node.asDouble() == 0
                || node.isTextual() && node.textValue().isEmpty()) {
            return null;
        }
        return node;
    }

    /** The hash of {@code value}'s {@link #semanticJson}, salted with {@code collisionCount} when not null. */
    public static String of(Object value, Integer collisionCount) {
        return ofBytes(semanticJson(value).getBytes(StandardCharsets.UTF_8), collisionCount);
    }

    /** The hash of raw bytes, salted with {@code collisionCount} when not null. */
    public static String ofBytes(byte[] data, Integer collisionCount) {
        int hash = fnv1a32(0x811c9dc5, data);
        if (collisionCount != null) {
            // little-endian 32-bit count, as Kubernetes feeds it to the hasher
            int c = collisionCount;
            hash = fnv1a32(hash, new byte[] {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24)});
        }
        return safeEncode(Long.toString(Integer.toUnsignedLong(hash)));
    }

    static int fnv1a32(int seed, byte[] data) {
        int hash = seed;
        for (byte b : data) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return hash;
    }

    /** Maps each character to the safe alphabet, as apimachinery's rand.SafeEncodeString. */
    static String safeEncode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            out.append(ALPHABET.charAt(s.charAt(i) % ALPHABET.length()));
        }
        return out.toString();
    }
}
