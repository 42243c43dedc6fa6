package io.timonel.kernel.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.spi.auth.TokenAuthenticator;
import io.timonel.spi.auth.UserInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginHostTest {

    /** Jars built once for the class; each test copies the ones it needs into its own plugins dir. */
    private static Path good;
    private static Path future;
    private static Path exploding;
    private static Path quiet;
    private static Path noId;
    private static Path dependent;
    private static Path orphan;
    private static Path careless;

    @TempDir
    static Path jars;

    @TempDir
    Path pluginsDir;

    @BeforeAll
    static void buildPluginJars() {
        good = PluginJar.builder("good")
                .pluginClass("test.good.GoodPlugin", plugin("test.good", "GoodPlugin", "good", ""))
                .source("test.good.GoodGreeting", greeting("test.good", "GoodGreeting", "hello from good"))
                .source("test.good.GoodTokens", """
                        package test.good;
                        import io.timonel.spi.auth.TokenAuthenticator;
                        import io.timonel.spi.auth.UserInfo;
                        import java.util.Optional;
                        import java.util.Set;
                        @org.pf4j.Extension
                        public class GoodTokens implements TokenAuthenticator {
                            public Optional<UserInfo> authenticate(String token) {
                                return "good-token".equals(token)
                                        ? Optional.of(new UserInfo("good-user", "", Set.of("system:authenticated")))
                                        : Optional.empty();
                            }
                        }
                        """)
                .build(jars);
        future = PluginJar.builder("future").requires("9.x")
                .pluginClass("test.future.FuturePlugin", plugin("test.future", "FuturePlugin", "future", ""))
                .source("test.future.FutureGreeting", greeting("test.future", "FutureGreeting", "from the future"))
                .build(jars);
        exploding = PluginJar.builder("exploding")
                .pluginClass("test.boom.BoomPlugin", plugin("test.boom", "BoomPlugin", "exploding",
                        "if (true) { throw new IllegalStateException(\"boom: no socket\"); }"))
                .source("test.boom.BoomGreeting", greeting("test.boom", "BoomGreeting", "never"))
                .build(jars);
        quiet = PluginJar.builder("quiet")
                .pluginClass("test.quiet.QuietPlugin", plugin("test.quiet", "QuietPlugin", "quiet", ""))
                .source("test.quiet.QuietGreeting", greeting("test.quiet", "QuietGreeting", "shh"))
                .build(jars);
        noId = PluginJar.builder("anonymous").withoutId()
                .source("test.anon.AnonGreeting", greeting("test.anon", "AnonGreeting", "who"))
                .build(jars);
        dependent = PluginJar.builder("dependent").dependencies("exploding")
                .pluginClass("test.dep.DepPlugin", plugin("test.dep", "DepPlugin", "dependent", ""))
                .build(jars);
        orphan = PluginJar.builder("orphan").dependencies("missing-one")
                .pluginClass("test.orphan.OrphanPlugin", plugin("test.orphan", "OrphanPlugin", "orphan", ""))
                .build(jars);
        careless = PluginJar.builder("careless").bundling(TokenAuthenticator.class).bundling(UserInfo.class)
                .source("test.careless.CarelessTokens", """
                        package test.careless;
                        import io.timonel.spi.auth.TokenAuthenticator;
                        import io.timonel.spi.auth.UserInfo;
                        import java.util.Optional;
                        @org.pf4j.Extension
                        public class CarelessTokens implements TokenAuthenticator {
                            public Optional<UserInfo> authenticate(String token) { return Optional.empty(); }
                        }
                        """)
                .build(jars);
    }

    @Test
    void goodPluginStartsAndItsExtensionsAreFoundBesideTheKernels() throws IOException {
        install(good);

        try (PluginHost host = PluginHost.load(pluginsDir, Set.of(), Set.of())) {
            List<PluginReport> reports = host.start();

            assertEquals(PluginState.STARTED, byId(reports).get("good").state());
            assertEquals("1.0.0", byId(reports).get("good").version());
            assertEquals("true", System.getProperty("test.started.good"));
            Set<String> greetings = greetings(host);
            assertTrue(greetings.contains("hello from good"), greetings.toString());
            assertTrue(greetings.contains("hello from the kernel"), greetings.toString());
            TokenAuthenticator tokens = host.extensions(TokenAuthenticator.class).stream()
                    .filter(t -> t.getClass().getName().equals("test.good.GoodTokens")).findFirst().orElseThrow();
            assertEquals("good-user", tokens.authenticate("good-token").orElseThrow().name());
            assertEquals("good", host.origin(tokens));
        }
    }

    @Test
    void kernelExtensionsAreFoundWithoutAnyPluginsDirectory() {
        try (PluginHost host = PluginHost.load(pluginsDir.resolve("absent"), Set.of(), Set.of())) {
            host.start();

            assertEquals(List.of(), host.reports());
            List<Greeting> greetings = host.extensions(Greeting.class);
            assertEquals(List.of("hello from the kernel"), greetings.stream().map(Greeting::greet).toList());
            assertEquals("kernel", host.origin(greetings.get(0)));
        }
    }

    @Test
    void extensionsAreTheSameInstancesOnEveryCall() throws IOException {
        install(good);

        try (PluginHost host = PluginHost.load(pluginsDir, Set.of(), Set.of())) {
            host.start();

            List<Greeting> first = host.extensions(Greeting.class);
            List<Greeting> second = host.extensions(Greeting.class);
            assertEquals(first.size(), second.size());
            for (int i = 0; i < first.size(); i++) {
                assertSame(first.get(i), second.get(i));
            }
        }
    }

    @Test
    void pluginRequiringAnotherSpiIsIncompatibleAndOthersStillStart() throws IOException {
        install(good, future);

        try (PluginHost host = PluginHost.load(pluginsDir, Set.of(), Set.of())) {
            Map<String, PluginReport> reports = byId(host.start());

            PluginReport incompatible = reports.get("future");
            assertEquals(PluginState.INCOMPATIBLE, incompatible.state());
            assertTrue(incompatible.reason().contains("9.x") && incompatible.reason().contains("1.0.0"),
                    incompatible.reason());
            assertEquals(PluginState.STARTED, reports.get("good").state());
            assertNull(System.getProperty("test.started.future"));
            assertTrue(!greetings(host).contains("from the future"));
        }
    }

    @Test
    void pluginThrowingAtStartIsReportedFailedByNameAndTheOthersRun() throws IOException {
        install(good, exploding);

        try (PluginHost host = PluginHost.load(pluginsDir, Set.of(), Set.of())) {
            Map<String, PluginReport> reports = byId(host.start());

            PluginReport failed = reports.get("exploding");
            assertEquals(PluginState.FAILED, failed.state());
            assertTrue(failed.reason().contains("boom: no socket"), failed.reason());
            assertTrue(failed.describe().startsWith("exploding 1.0.0 FAILED: "), failed.describe());
            assertEquals(PluginState.STARTED, reports.get("good").state());
            assertTrue(!greetings(host).contains("never"), "a failed plugin's extensions are not used");
        }
    }

    @Test
    void requiredPluginThatFailsMakesStartFailNamingIt() throws IOException {
        install(good, exploding);
        PluginHost host = PluginHost.load(pluginsDir, Set.of(), Set.of("exploding"));

        RequiredPluginException error = assertThrows(RequiredPluginException.class, host::start);

        assertTrue(error.getMessage().contains("exploding 1.0.0 FAILED"), error.getMessage());
        assertTrue(error.getMessage().contains("boom: no socket"), error.getMessage());
        assertEquals(PluginState.STOPPED, byId(host.reports()).get("good").state(), "started ones are stopped again");
    }

    @Test
    void requiredPluginThatIsAbsentMakesStartFail() throws IOException {
        install(good);
        PluginHost host = PluginHost.load(pluginsDir, Set.of(), Set.of("core-api"));

        RequiredPluginException error = assertThrows(RequiredPluginException.class, host::start);

        assertTrue(error.getMessage().contains("core-api is not in " + pluginsDir), error.getMessage());
    }

    @Test
    void requiredPluginThatStartsLetsStartSucceed() throws IOException {
        install(good, future);

        try (PluginHost host = PluginHost.load(pluginsDir, Set.of(), Set.of("good"))) {
            assertEquals(PluginState.STARTED, byId(host.start()).get("good").state());
        }
    }

    @Test
    void disabledPluginIsNotStartedAndItsExtensionsAreNotUsed() throws IOException {
        install(good, quiet);

        try (PluginHost host = PluginHost.load(pluginsDir, Set.of("quiet"), Set.of())) {
            Map<String, PluginReport> reports = byId(host.start());

            assertEquals(PluginState.DISABLED, reports.get("quiet").state());
            assertEquals("disabled in the configuration", reports.get("quiet").reason());
            assertNull(System.getProperty("test.started.quiet"));
            assertTrue(!greetings(host).contains("shh"));
            assertEquals(PluginState.STARTED, reports.get("good").state());
        }
    }

    @Test
    void loadingAloneStartsNothing() throws IOException {
        install(quiet, future);

        try (PluginHost host = PluginHost.load(pluginsDir, Set.of(), Set.of())) {
            Map<String, PluginReport> reports = byId(host.reports());

            assertEquals(PluginState.RESOLVED, reports.get("quiet").state());
            assertEquals(PluginState.INCOMPATIBLE, reports.get("future").state());
            assertNull(System.getProperty("test.started.quiet"));
            assertTrue(!greetings(host).contains("shh"), "extensions of unstarted plugins are not used");
        }
    }

    @Test
    void jarsThatAreNoPluginsAreReportedInvalid() throws IOException {
        install(good, noId);
        Files.writeString(pluginsDir.resolve("garbage.jar"), "not a zip");
        Files.copy(good, pluginsDir.resolve("zz-good-copy.jar"));
        Files.writeString(pluginsDir.resolve("README.txt"), "ignored: not a jar");

        try (PluginHost host = PluginHost.load(pluginsDir, Set.of(), Set.of())) {
            List<PluginReport> reports = host.start();

            assertEquals(4, reports.size(), reports.toString());
            Map<String, PluginReport> byFile = reports.stream()
                    .collect(Collectors.toMap(r -> r.path().getFileName().toString(), Function.identity()));
            assertEquals(PluginState.INVALID, byFile.get("anonymous-1.0.0.jar").state());
            assertTrue(byFile.get("anonymous-1.0.0.jar").reason().contains("Plugin-Id"));
            assertEquals(PluginState.INVALID, byFile.get("garbage.jar").state());
            assertEquals(PluginState.INVALID, byFile.get("zz-good-copy.jar").state());
            assertTrue(byFile.get("zz-good-copy.jar").reason().contains("already taken by good-1.0.0.jar"));
            assertEquals(PluginState.STARTED, byFile.get("good-1.0.0.jar").state());
        }
    }

    @Test
    void pluginWithAbsentDependencyIsUnresolvedAndOthersStart() throws IOException {
        install(good, orphan);

        try (PluginHost host = PluginHost.load(pluginsDir, Set.of(), Set.of())) {
            Map<String, PluginReport> reports = byId(host.start());

            assertEquals(PluginState.UNRESOLVED, reports.get("orphan").state());
            assertTrue(reports.get("orphan").reason().contains("missing-one"), reports.get("orphan").reason());
            assertEquals(PluginState.STARTED, reports.get("good").state());
        }
    }

    @Test
    void pluginWhoseDependencyFailedIsNotStarted() throws IOException {
        install(exploding, dependent);

        try (PluginHost host = PluginHost.load(pluginsDir, Set.of(), Set.of())) {
            Map<String, PluginReport> reports = byId(host.start());

            assertEquals(PluginState.UNRESOLVED, reports.get("dependent").state());
            assertEquals("needs plugin exploding, which is FAILED", reports.get("dependent").reason());
            assertNull(System.getProperty("test.started.dependent"));
        }
    }

    @Test
    void pluginBundlingItsOwnCopyOfTheSpiStillServesTheKernel() throws IOException {
        install(careless);

        try (PluginHost host = PluginHost.load(pluginsDir, Set.of(), Set.of())) {
            host.start();

            List<TokenAuthenticator> tokens = host.extensions(TokenAuthenticator.class);
            assertTrue(tokens.stream().anyMatch(t -> host.origin(t).equals("careless")), tokens.toString());
        }
    }

    @Test
    void closeStopsStartedPlugins() throws IOException {
        install(good);
        PluginHost host = PluginHost.load(pluginsDir, Set.of(), Set.of());
        host.start();

        host.close();

        assertEquals(PluginState.STOPPED, byId(host.reports()).get("good").state());
        assertEquals("true", System.getProperty("test.stopped.good"));
        assertNotNull(host.pluginsDir());
    }

    private void install(Path... pluginJars) throws IOException {
        for (Path jar : pluginJars) {
            Files.copy(jar, pluginsDir.resolve(jar.getFileName()));
        }
    }

    private static Map<String, PluginReport> byId(List<PluginReport> reports) {
        return reports.stream().collect(Collectors.toMap(PluginReport::id, Function.identity()));
    }

    private static Set<String> greetings(PluginHost host) {
        return host.extensions(Greeting.class).stream().map(Greeting::greet).collect(Collectors.toSet());
    }

    /** A plugin class that records start and stop in system properties the test can read. */
    private static String plugin(String pkg, String name, String id, String startBody) {
        return """
                package %s;
                public class %s extends org.pf4j.Plugin {
                    @Override public void start() { %s System.setProperty("test.started.%s", "true"); }
                    @Override public void stop() { System.setProperty("test.stopped.%s", "true"); }
                }
                """.formatted(pkg, name, startBody, id, id);
    }

    private static String greeting(String pkg, String name, String text) {
        return """
                package %s;
                @org.pf4j.Extension
                public class %s implements io.timonel.kernel.plugin.Greeting {
                    public String greet() { return "%s"; }
                }
                """.formatted(pkg, name, text);
    }
}
