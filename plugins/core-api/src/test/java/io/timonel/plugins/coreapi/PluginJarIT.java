package io.timonel.plugins.coreapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.spi.resource.ResourceType;
import io.timonel.spi.resource.ResourceTypeProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Loads the shaded plugin jar the way the plugin host does: its own classes and dependencies
 * from the jar, the SPI, Jackson and PF4J from the host, nothing else.
 */
class PluginJarIT {

    private static final List<String> HOST_PACKAGES = List.of("io.timonel.spi.", "com.fasterxml.jackson.",
            "org.pf4j.", "org.slf4j.");

    private static Path jar() {
        Path jar = Path.of(System.getProperty("timonel.plugin.jar", "target/timonel-plugin-core-api.jar"));
        assertTrue(Files.isRegularFile(jar), "no plugin jar at " + jar);
        return jar;
    }

    @Test
    void jarHoldsTheExtensionIndexAndModelsButNotHostLibraries() throws Exception {
        try (JarFile jar = new JarFile(jar().toFile())) {
            assertTrue(jar.getEntry("META-INF/extensions.idx") != null);
            assertTrue(jar.getEntry("io/kubernetes/client/openapi/models/V1Deployment.class") != null);
            assertTrue(jar.getEntry("com/google/gson/annotations/SerializedName.class") != null);
            assertTrue(jar.getEntry("io/swagger/annotations/ApiModelProperty.class") != null);
            assertEquals("core-api", jar.getManifest().getMainAttributes().getValue("Plugin-Id"));
            jar.stream().map(e -> e.getName()).forEach(name -> {
                for (String forbidden : List.of("io/timonel/spi/", "com/fasterxml/jackson/", "org/pf4j/",
                        "okhttp3/", "io/kubernetes/client/openapi/apis/")) {
                    assertFalse(name.startsWith(forbidden), "jar must not contain " + name);
                }
            });
        }
    }

    @Test
    void extensionBuildsEveryTypeFromTheJarAlone() throws Exception {
        ClassLoader testLoader = PluginJarIT.class.getClassLoader();
        ClassLoader host = new ClassLoader(ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (HOST_PACKAGES.stream().anyMatch(name::startsWith)) {
                    return testLoader.loadClass(name);
                }
                return super.loadClass(name, resolve);
            }
        };
        try (URLClassLoader plugin = new URLClassLoader(new URL[] {jar().toUri().toURL()}, host)) {
            List<String> extensions;
            try (var in = plugin.getResourceAsStream("META-INF/extensions.idx");
                 var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                extensions = reader.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
            }
            assertTrue(extensions.contains("io.timonel.plugins.coreapi.core.allocation.ServiceAllocator"),
                    extensions.toString());
            Class<?> type = plugin.loadClass(extensions.stream().filter(e -> e.endsWith(".CoreApiTypes"))
                    .findFirst().orElseThrow());
            assertTrue(type.getClassLoader() == plugin, "extension must come from the jar");
            ResourceTypeProvider provider = (ResourceTypeProvider) type.getConstructor().newInstance();
            List<ResourceType> types = provider.resourceTypes();
            assertEquals(45, types.size());
            types.forEach(t -> assertTrue(t.schema().components()
                    .containsKey("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"), t.toString()));
        }
    }
}
