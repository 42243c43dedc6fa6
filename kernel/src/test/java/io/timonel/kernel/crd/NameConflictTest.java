package io.timonel.kernel.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.spi.resource.ResourceType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NameConflictTest {
    private static final ResourceType GADGETS = ResourceType.builder("example.com", "v1", "Gadget", "gadgets")
            .shortNames("gd").build();

    private static Optional<NameConflict> conflict(String names, ResourceType... others) {
        return NameConflict.find(CrdValidationTest.crd(names, CrdValidationTest.VERSION), List.of(others));
    }

    @Test
    void distinctNamesDoNotConflict() {
        assertTrue(conflict(CrdValidationTest.NAMES, GADGETS).isEmpty());
    }

    @Test
    void kindInUseInTheSameGroupIsAKindConflict() {
        assertEquals(new NameConflict("KindConflict", "\"Gadget\" is already in use"),
                conflict("{'plural': 'widgets', 'singular': 'widget', 'kind': 'Gadget'}", GADGETS).orElseThrow());
    }

    @Test
    void shortNameInUseIsAShortNamesConflict() {
        assertEquals("ShortNamesConflict",
                conflict("{'plural': 'widgets', 'kind': 'Widget', 'shortNames': ['gd']}", GADGETS).orElseThrow().reason());
    }

    @Test
    void pluralServedByABuiltInIsAPluralConflict() {
        ResourceType builtIn = ResourceType.builder("example.com", "v1", "Other", "widgets").build();
        assertEquals("PluralConflict", conflict(CrdValidationTest.NAMES, builtIn).orElseThrow().reason());
    }

    @Test
    void sameNamesInAnotherGroupDoNotConflict() {
        ResourceType elsewhere = ResourceType.builder("other.io", "v1", "Widget", "widgets").shortNames("wd").build();
        assertTrue(conflict(CrdValidationTest.NAMES, elsewhere).isEmpty());
    }
}
