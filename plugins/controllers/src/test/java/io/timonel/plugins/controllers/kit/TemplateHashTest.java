package io.timonel.plugins.controllers.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateHashTest {

    @Test
    void fnv1aMatchesTheReferenceVectors() {
        assertEquals(0x811c9dc5, TemplateHash.fnv1a32(0x811c9dc5, new byte[0]));
        assertEquals(0xe40c292c, TemplateHash.fnv1a32(0x811c9dc5, "a".getBytes(StandardCharsets.UTF_8)));
        assertEquals(0xbf9cf968, TemplateHash.fnv1a32(0x811c9dc5, "foobar".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void safeEncodingUsesOnlyTheSafeAlphabet() {
        assertEquals("5", TemplateHash.safeEncode("1"));
        assertTrue(TemplateHash.of(Map.of("a", 1), null).matches("[bcdfghjklmnpqrstvwxz2456789]+"));
    }

    @Test
    void theHashIgnoresKeyOrderButNotContentOrCollisionCount() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", 2);
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", 2);
        ba.put("a", 1);
        assertEquals(TemplateHash.of(ab, null), TemplateHash.of(ba, null));
        assertNotEquals(TemplateHash.of(ab, null), TemplateHash.of(Map.of("a", 1, "b", 3), null));
        assertNotEquals(TemplateHash.of(ab, null), TemplateHash.of(ab, 1));
    }
}
