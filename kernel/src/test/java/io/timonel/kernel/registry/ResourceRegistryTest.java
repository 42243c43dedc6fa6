package io.timonel.kernel.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.spi.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceRegistryTest {
    private static ResourceType type(String version, String plural) {
        return ResourceType.builder("example.com", version, "Thing", plural).build();
    }

    @Test
    void replacingAnOwnersTypesNeverShowsThemMissing() {
        ResourceRegistry registry = new ResourceRegistry();
        registry.register("crd:things.example.com", List.of(type("v1", "things")));
        List<Boolean> servedAtEachChange = new ArrayList<>();
        registry.onChange(() -> servedAtEachChange.add(registry.find("example.com", "v1", "things").isPresent()));

        ResourceType rebuilt = type("v1", "things");
        registry.replace("crd:things.example.com", List.of(rebuilt, type("v2", "things")));

        assertEquals(List.of(true), servedAtEachChange, "one change, with the type present");
        assertSame(rebuilt, registry.find("example.com", "v1", "things").orElseThrow());
        assertTrue(registry.find("example.com", "v2", "things").isPresent());
    }

    @Test
    void replacingDropsTheOwnersTypesNoLongerListed() {
        ResourceRegistry registry = new ResourceRegistry();
        registry.register("crd:things.example.com", List.of(type("v1", "things"), type("v2", "things")));

        registry.replace("crd:things.example.com", List.of(type("v2", "things")));

        assertTrue(registry.find("example.com", "v1", "things").isEmpty());
        assertTrue(registry.find("example.com", "v2", "things").isPresent());
    }

    @Test
    void replacingCannotTakeAnotherOwnersResourceAndChangesNothing() {
        ResourceRegistry registry = new ResourceRegistry();
        registry.register("plugin-a", List.of(type("v1", "gadgets")));
        registry.register("crd:things.example.com", List.of(type("v1", "things")));
        long before = registry.generation();

        assertThrows(IllegalStateException.class,
                () -> registry.replace("crd:things.example.com", List.of(type("v1", "gadgets"))));

        assertEquals(before, registry.generation());
        assertTrue(registry.find("example.com", "v1", "things").isPresent());
    }
}
