package io.timonel.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The server's configuration file ({@code conf/timonel.yaml} in the bundle). Every setting is
 * optional; command-line options win over it. Unknown keys are an error, so that a misspelt
 * setting does not pass unnoticed.
 *
 * <pre>
 * port: 6443
 * bindAddress: 0.0.0.0
 * dataDir: ./data
 * extraSans: [timonel.example.com]
 * tokenFile: /etc/timonel/tokens.csv
 * plugins: {dir: ./plugins, disabled: [], required: [core-api]}
 * store: {backend: embedded}
 * controllers: {simulated-nodes: {count: "100"}, horizontal-pod-autoscaler: {enabled: "false"}}
 * </pre>
 *
 * @param port        HTTPS port
 * @param bindAddress address to listen on
 * @param dataDir     data directory (store, PKI, admin kubeconfig)
 * @param extraSans   more names and addresses for the serving certificate
 * @param tokenFile   static bearer tokens, Kubernetes' token-auth-file format
 * @param plugins     plugin settings
 * @param store       object store settings
 * @param controllers per controller name, its settings (strings); {@code enabled: "false"} turns it off
 */
public record ConfigFile(Integer port, String bindAddress, String dataDir, List<String> extraSans,
                         String tokenFile, Plugins plugins, Store store,
                         Map<String, Map<String, String>> controllers) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /**
     * @param dir      where plugin jars are (default: the bundle's {@code plugins/})
     * @param disabled ids of plugins not to start
     * @param required ids of plugins without which the server must not start
     */
    public record Plugins(String dir, List<String> disabled, List<String> required) {
        public Plugins {
            disabled = disabled == null ? List.of() : List.copyOf(disabled);
            required = required == null ? List.of() : List.copyOf(required);
        }
    }

    /** @param backend the store backend by name; {@code embedded} is built into the kernel */
    public record Store(String backend) {
    }

    public ConfigFile {
        extraSans = extraSans == null ? List.of() : List.copyOf(extraSans);
        plugins = plugins == null ? new Plugins(null, null, null) : plugins;
        store = store == null ? new Store(null) : store;
        controllers = controllers == null ? Map.of() : Map.copyOf(controllers);
    }

    /** A configuration with nothing set. */
    public static ConfigFile empty() {
        return new ConfigFile(null, null, null, null, null, null, null, null);
    }

    /**
     * Reads a configuration file; an empty file (or one with only comments) is {@link #empty()}.
     *
     * @throws IOException naming the file, and the line of a YAML error or the path of an unknown key
     */
    public static ConfigFile load(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IOException("config file " + file + " does not exist", e);
        }
        try (JsonParser parser = YAML.createParser(text)) {
            if (parser.nextToken() == null) {
                return empty(); // nothing but comments
            }
            ConfigFile config = YAML.readValue(parser, ConfigFile.class);
            return config == null ? empty() : config;
        } catch (UnrecognizedPropertyException e) {
            String path = e.getPath().stream().map(JsonMappingException.Reference::getFieldName)
                    .filter(Objects::nonNull).collect(Collectors.joining("."));
            throw new IOException("config file " + file + ": unknown setting " + path + " (known here: "
                    + e.getKnownPropertyIds() + ")", e);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new IOException("config file " + file + where + ": " + e.getOriginalMessage(), e);
        }
    }
}
