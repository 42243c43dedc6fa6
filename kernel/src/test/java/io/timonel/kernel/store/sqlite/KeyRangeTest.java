package io.timonel.kernel.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyRangeTest {
    private static final String MAX = new String(Character.toChars(Character.MAX_CODE_POINT));

    @Test
    void successorIncrementsTheLastCodePoint() {
        assertEquals("/registry/pods0", KeyRange.successor("/registry/pods/"));
    }

    @Test
    void successorSkipsTheSurrogateBlock() {
        assertEquals("a\ue000", KeyRange.successor("a\ud7ff"));
    }

    @Test
    void successorDropsTrailingMaximalCodePoints() {
        assertEquals("b", KeyRange.successor("a" + MAX + MAX));
    }

    @Test
    void emptyOrMaximalPrefixHasNoSuccessor() {
        assertNull(KeyRange.successor(""));
        assertNull(KeyRange.successor(MAX));
    }

    @Test
    void codePointOrderPutsSupplementaryCharactersLast() {
        String emoji = "\ud83d\ude00";
        assertTrue("\ufffd".compareTo(emoji) > 0, "UTF-16 order differs");
        assertTrue(KeyRange.compareCodePoints("\ufffd", emoji) < 0);
        assertTrue(KeyRange.compareCodePoints("ab", "abc") < 0);
        assertEquals(0, KeyRange.compareCodePoints("abc", "abc"));
    }

    @Test
    void startAfterBeforeThePrefixIsIgnored() {
        assertEquals(KeyRange.prefix("/b/"), KeyRange.prefix("/b/", "/a/z"));
    }

    @Test
    void containsHonoursPrefixAndStartAfter() {
        KeyRange range = KeyRange.prefix("/p/", "/p/b");
        assertFalse(range.contains("/p/a"));
        assertFalse(range.contains("/p/b"));
        assertTrue(range.contains("/p/c"));
        assertFalse(range.contains("/q/c"));
    }
}
