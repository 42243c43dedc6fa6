package io.timonel.kernel.plugin;

import io.timonel.spi.SpiVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.pf4j.processor.ExtensionAnnotationProcessor;

/**
 * Builds a real plugin jar at test time: Java sources compiled against the SPI (with PF4J's
 * extension index generated as in a plugin's own build), and a manifest with the PF4J entries.
 */
final class PluginJar {

    private final String id;
    private String version = "1.0.0";
    private String requires = ">=1.0.0 & <2.0.0";
    private String pluginClass;
    private String dependencies;
    private boolean withoutId;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<Class<?>> copiedClasses = new ArrayList<>();

    private PluginJar(String id) {
        this.id = id;
    }

    static PluginJar builder(String id) {
        return new PluginJar(id);
    }

    PluginJar version(String value) {
        version = value;
        return this;
    }

    PluginJar requires(String value) {
        requires = value;
        return this;
    }

    PluginJar dependencies(String value) {
        dependencies = value;
        return this;
    }

    PluginJar withoutId() {
        withoutId = true;
        return this;
    }

    /** The Plugin-Class, given as its source; the class name is the file's public class. */
    PluginJar pluginClass(String qualifiedName, String source) {
        pluginClass = qualifiedName;
        sources.put(qualifiedName, source);
        return this;
    }

    PluginJar source(String qualifiedName, String source) {
        sources.put(qualifiedName, source);
        return this;
    }

    /** Bundles a copy of a class from the test class path, as a careless shaded plugin would. */
    PluginJar bundling(Class<?> type) {
        copiedClasses.add(type);
        return this;
    }

    Path build(Path dir) {
        try {
            Path classes = Files.createTempDirectory(dir, id + "-classes");
            compile(classes);
            for (Class<?> type : copiedClasses) {
                String resource = type.getName().replace('.', '/') + ".class";
                Path target = classes.resolve(resource);
                Files.createDirectories(target.getParent());
                try (var in = type.getClassLoader().getResourceAsStream(resource)) {
                    Files.copy(in, target);
                }
            }
            Path jar = dir.resolve(id + "-" + version + ".jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest());
                 Stream<Path> files = Files.walk(classes)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                    Files.copy(file, (OutputStream) out);
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Manifest manifest() {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (!withoutId) {
            attributes.putValue("Plugin-Id", id);
        }
        attributes.putValue("Plugin-Version", version);
        attributes.putValue("Plugin-Requires", requires);
        attributes.putValue("Plugin-Provider", "tests");
        if (pluginClass != null) {
            attributes.putValue("Plugin-Class", pluginClass);
        }
        if (dependencies != null) {
            attributes.putValue("Plugin-Dependencies", dependencies);
        }
        return manifest;
    }

    private void compile(Path classes) throws IOException {
        if (sources.isEmpty()) {
            return;
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, null)) {
            Path sourceDir = Files.createTempDirectory(classes.getParent(), id + "-src");
            List<Path> written = new ArrayList<>();
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path file = sourceDir.resolve(source.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.getValue());
                written.add(file);
            }
            List<String> options = List.of("-d", classes.toString(), "-classpath", classPath(),
                    "--release", "17");
            JavaCompiler.CompilationTask task = compiler.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(written));
            task.setProcessors(List.of(new ExtensionAnnotationProcessor()));
            if (!task.call()) {
                throw new IllegalStateException("plugin " + id + " does not compile: " + diagnostics.getDiagnostics());
            }
        }
    }

    /** The SPI, PF4J, SLF4J and the test classes (for test-only extension points): a plugin's compile path. */
    private static String classPath() {
        List<String> entries = new ArrayList<>();
        for (Class<?> anchor : List.of(SpiVersion.class, org.pf4j.Plugin.class, org.slf4j.Logger.class,
                Greeting.class)) {
            try {
                entries.add(Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }
}
