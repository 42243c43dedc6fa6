package io.timonel.e2e;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;

/** {@link NetworkingScenarios} with the Docker Engine as the node's runtime. */
class DockerNetworkingIT extends NetworkingScenarios {
    @BeforeAll
    static void start() throws Exception {
        startWith("docker", Path.of("/var/run/docker.sock"));
    }
}
