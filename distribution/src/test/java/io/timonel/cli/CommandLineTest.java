package io.timonel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands run in-process, as {@code bin/timonel} runs them. */
class CommandLineTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void versionPrintsTimonelAndSpiVersions() {
        assertEquals(0, run("version"));

        assertTrue(out.toString().startsWith("Timonel "), out.toString());
        assertTrue(out.toString().contains("SPI 1.0.0"), out.toString());
    }

    @Test
    void pluginsListsAnEmptyDirectory() {
        assertEquals(0, run("plugins", "--plugins-dir", dir.toString()));

        assertTrue(out.toString().contains("Plugins in " + dir), out.toString());
        assertTrue(out.toString().contains("(none)"), out.toString());
    }

    @Test
    void pluginsFailsWhenARequiredPluginIsAbsent() throws Exception {
        Path config = dir.resolve("timonel.yaml");
        Files.writeString(config, "plugins: {required: [core-api]}\n");

        assertEquals(1, run("plugins", "--plugins-dir", dir.toString(), "--config", config.toString()));

        assertTrue(err.toString().contains("required plugins that cannot start: core-api"), err.toString());
    }

    @Test
    void aBadConfigFileIsOneLineOnStderr() throws Exception {
        Path config = dir.resolve("timonel.yaml");
        Files.writeString(config, "prot: 1\n");

        assertEquals(1, run("plugins", "--config", config.toString()));

        assertTrue(err.toString().startsWith("timonel plugins: config file " + config), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertEquals(2, run("serve"));
    }
}
