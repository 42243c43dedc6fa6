package io.timonel.plugins.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.timonel.spi.runtime.ContainerConfig;
import io.timonel.spi.runtime.SandboxConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodNamesTest {
    static final SandboxConfig POD = new SandboxConfig("web-0", "shop", "1f2e-uid", 2, "web-0", false, null, List.of(),
            Map.of(), Map.of(), null, null);

    @Test
    void theSandboxIsNamedAfterThePodAndItsAttempt() {
        assertEquals("k8s_POD_web-0_shop_1f2e-uid_2", PodNames.sandbox(POD));
    }

    @Test
    void aContainerIsNamedAfterItselfThePodAndItsOwnAttempt() {
        ContainerConfig c = new ContainerConfig("nginx", 5, "busybox:local", List.of(), List.of(), null, List.of(), List.of(),
                Map.of(), Map.of(), false, false, false, ContainerConfig.Resources.NONE, ContainerConfig.Security.DEFAULT, null);
        assertEquals("k8s_nginx_web-0_shop_1f2e-uid_5", PodNames.container(POD, c));
    }
}
