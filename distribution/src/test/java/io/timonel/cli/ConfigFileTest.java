package io.timonel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void theShippedConfigFileIsValidAndRequiresTheCoreApiPlugin() throws IOException {
        ConfigFile config = ConfigFile.load(Path.of("src/bundle/conf/timonel.yaml"));

        assertEquals(List.of("core-api"), config.plugins().required());
        assertEquals(List.of(), config.plugins().disabled());
        assertEquals("embedded", config.store().backend());
        assertNull(config.port(), "defaults stay commented out, so that command-line defaults apply");
    }

    @Test
    void everySettingIsRead() throws IOException {
        Path file = write("""
                port: 7443
                bindAddress: 127.0.0.1
                dataDir: /var/lib/timonel
                extraSans: [a.example.com, 10.1.2.3]
                tokenFile: tokens.csv
                plugins: {dir: /opt/plugins, disabled: [x], required: [y, z]}
                store: {backend: etcd}
                """);

        ConfigFile config = ConfigFile.load(file);

        assertEquals(7443, config.port());
        assertEquals("127.0.0.1", config.bindAddress());
        assertEquals("/var/lib/timonel", config.dataDir());
        assertEquals(List.of("a.example.com", "10.1.2.3"), config.extraSans());
        assertEquals("tokens.csv", config.tokenFile());
        assertEquals(new ConfigFile.Plugins("/opt/plugins", List.of("x"), List.of("y", "z")), config.plugins());
        assertEquals("etcd", config.store().backend());
    }

    @Test
    void emptyOrCommentOnlyFileMeansNothingSet() throws IOException {
        assertEquals(ConfigFile.empty(), ConfigFile.load(write("")));
        assertEquals(ConfigFile.empty(), ConfigFile.load(write("# port: 1\n")));
    }

    @Test
    void misspeltKeyIsAnErrorNamingFileAndSetting() throws IOException {
        Path file = write("plugins:\n  disabled: []\n  requird: [core-api]\n");

        IOException error = assertThrows(IOException.class, () -> ConfigFile.load(file));

        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("unknown setting plugins.requird"), error.getMessage());
        assertTrue(error.getMessage().contains("required"), "names the known settings: " + error.getMessage());
    }

    @Test
    void missingFileIsAnError() {
        IOException error = assertThrows(IOException.class, () -> ConfigFile.load(dir.resolve("nope.yaml")));

        assertTrue(error.getMessage().contains("does not exist"), error.getMessage());
    }

    private Path write(String text) throws IOException {
        Path file = Files.createTempFile(dir, "timonel", ".yaml");
        Files.writeString(file, text);
        return file;
    }
}
