package io.timonel.e2e;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;

/** {@link NetworkingScenarios} with containerd (CRI) as the node's runtime. */
class ContainerdNetworkingIT extends NetworkingScenarios {
    @BeforeAll
    static void start() throws Exception {
        startWith("containerd", Path.of("/run/containerd/containerd.sock"));
    }
}
