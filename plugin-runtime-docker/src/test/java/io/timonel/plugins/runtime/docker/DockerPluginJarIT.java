package io.timonel.plugins.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.ContainerRuntimeProvider;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;

/**
 * The packaged plugin as the server meets it: its shaded jar loaded by PF4J, with only the SPI,
 * Jackson and SLF4J from the host (this IT does not see the plugin's classes otherwise). Proves
 * the shading is complete: docker-java, its HTTP client and JNA's unix socket work from the
 * plugin's own class loader.
 */
class DockerPluginJarIT {

    @Test
    void theShadedJarRegistersTheDockerProviderAndReachesTheEngine(@TempDir Path plugins) throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("timonel-plugin-runtime-docker-.*\\.jar")
                    && !p.getFileName().toString().endsWith("-tests.jar")).findFirst().orElseThrow();
        }
        Files.copy(jar, plugins.resolve(jar.getFileName()));
        PluginManager manager = new DefaultPluginManager(plugins);
        manager.setSystemVersion("1.0.0");
        manager.loadPlugins();
        manager.startPlugins();
        try {
            List<ContainerRuntimeProvider> providers = manager.getExtensions(ContainerRuntimeProvider.class, "runtime-docker");
            assertEquals(1, providers.size(), providers.toString());
            ContainerRuntimeProvider docker = providers.get(0);
            assertEquals("docker", docker.name());
            assertNotSame(getClass().getClassLoader(), docker.getClass().getClassLoader());
            assertThrows(RuntimeUnavailableException.class, () -> docker.open(Map.of("docker.socket", plugins.resolve("none.sock").toString())));

            assumeTrue(Files.exists(Path.of("/var/run/docker.sock")), "no Docker engine here");
            try (ContainerRuntime runtime = docker.open(Map.of())) {
                assertTrue(runtime.version().startsWith("docker://"), runtime.version());
                runtime.listImages();
                runtime.listSandboxes();
            }
        } finally {
            manager.stopPlugins();
            manager.unloadPlugins();
        }
    }
}
