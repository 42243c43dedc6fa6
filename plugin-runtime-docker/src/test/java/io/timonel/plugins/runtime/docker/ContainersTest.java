package io.timonel.plugins.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.timonel.spi.runtime.ContainerConfig.Security;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainersTest {

    @Test
    void theUserIsUidOrUidAndGid() {
        assertEquals("1000", Containers.user(new Security(1000L, null, false, false, List.of(), List.of())));
        assertEquals("1000:3000", Containers.user(new Security(1000L, 3000L, false, false, List.of(), List.of())));
    }

    @Test
    void withoutAUidTheImagesUserStays() {
        assertNull(Containers.user(Security.DEFAULT));
        assertNull(Containers.user(new Security(null, 3000L, false, false, List.of(), List.of())));
    }
}
