package io.timonel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The architecture rule "plugins compile against spi alone": nothing under {@code plugins/*} or
 * {@code plugin-*} refers to the kernel, neither in its sources nor as a Maven dependency (but for
 * tests, which boot a real kernel to load the plugin's jar into). A third party must be able to
 * build a plugin with only the SPI on its class path.
 */
class PluginsUseOnlySpiTest {

    private static final Pattern KERNEL_REFERENCE = Pattern.compile("\\bio\\.timonel\\.kernel\\b");
    private static final Pattern KERNEL_DEPENDENCY =
            Pattern.compile("<artifactId>\\s*timonel-(kernel|distribution)\\s*</artifactId>");
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>.*?</dependency>", Pattern.DOTALL);
    private static final Pattern TEST_SCOPE = Pattern.compile("<scope>\\s*test\\s*</scope>");

    @Test
    void pluginSourcesNeverReferToTheKernel() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path module : pluginModules()) {
            Path sources = module.resolve("src/main");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        if (KERNEL_REFERENCE.matcher(lines.get(i)).find()) {
                            violations.add(root().relativize(file) + ":" + (i + 1) + ": " + lines.get(i).trim());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), violations, "plugins must use io.timonel.spi only; make what they need an SPI");
    }

    @Test
    void pluginPomsNeverDependOnTheKernel() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path module : pluginModules()) {
            Path pom = module.resolve("pom.xml");
            if (Files.isRegularFile(pom)) {
                Matcher dependencies = DEPENDENCY.matcher(Files.readString(pom));
                while (dependencies.find()) {
                    String dependency = dependencies.group();
                    if (KERNEL_DEPENDENCY.matcher(dependency).find() && !TEST_SCOPE.matcher(dependency).find()) {
                        violations.add(root().relativize(pom) + ": " + dependency);
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void theRuleSeesThePluginModules() throws IOException {
        List<Path> modules = pluginModules();
        assertTrue(modules.contains(root().resolve("plugins/core-api")), modules.toString());
        assertTrue(modules.contains(root().resolve("plugin-runtime-docker")), modules.toString());
    }

    @Test
    void theRuleCatchesAKernelImport() {
        assertTrue(KERNEL_REFERENCE.matcher("import io.timonel.kernel.plugin.PluginHost;").find());
        assertTrue(KERNEL_REFERENCE.matcher("var x = io.timonel.kernel.Kernel.start(c);").find());
        assertTrue(!KERNEL_REFERENCE.matcher("import io.timonel.spi.auth.UserInfo;").find());
        assertTrue(KERNEL_DEPENDENCY.matcher("<artifactId>timonel-kernel</artifactId>").find());
        assertTrue(TEST_SCOPE.matcher("<dependency><artifactId>timonel-kernel</artifactId><scope>test</scope>"
                + "</dependency>").find());
    }

    /** plugins/* and plugin-* module directories. */
    private static List<Path> pluginModules() throws IOException {
        List<Path> modules = new ArrayList<>();
        try (Stream<Path> builtIns = Files.list(root().resolve("plugins"))) {
            builtIns.filter(Files::isDirectory).sorted().forEach(modules::add);
        }
        try (Stream<Path> top = Files.list(root())) {
            top.filter(Files::isDirectory).filter(d -> d.getFileName().toString().startsWith("plugin-"))
                    .sorted().forEach(modules::add);
        }
        return modules;
    }

    /** The repository root: the parent of this module (tests run in the module's directory). */
    private static Path root() {
        Path root = Path.of("").toAbsolutePath().getParent();
        if (!Files.isDirectory(root.resolve("spi")) || !Files.isDirectory(root.resolve("plugins"))) {
            throw new IllegalStateException("not the repository root: " + root);
        }
        return root;
    }
}
