package io.timonel.kernel.admission.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.timonel.spi.admission.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory {@link ObjectReader} loaded from multi-document YAML fixtures. */
final class FixtureObjects implements ObjectReader {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CLUSTER_SCOPED = Set.of("namespaces", "validatingadmissionpolicies",
            "validatingadmissionpolicybindings");

    private final Map<String, JsonNode> objects = new ConcurrentHashMap<>();

    /** Loads {@code /admission/policy/<name>} from the test classpath. */
    static FixtureObjects load(String... names) {
        FixtureObjects fixtures = new FixtureObjects();
        for (String name : names) {
            try (InputStream in = FixtureObjects.class.getResourceAsStream("/admission/policy/" + name)) {
                if (in == null) {
                    throw new IllegalArgumentException("no fixture " + name);
                }
                var parser = new YAMLFactory().createParser(in);
                YAML.readValues(parser, JsonNode.class).readAll().forEach(fixtures::put);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return fixtures;
    }

    /** Stores or replaces an object, keyed by its apiVersion, kind, namespace and name. */
    void put(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String plural = ParamKinds.guessing().resolve(group, "", object.path("kind").asText()).orElseThrow().plural();
        String namespace = CLUSTER_SCOPED.contains(plural) ? "" : object.path("metadata").path("namespace").asText("");
        objects.put(key(group, plural, namespace, object.path("metadata").path("name").asText()), object);
    }

    static JsonNode json(String text) {
        try {
            return text.trim().startsWith("{") ? JSON.readTree(text) : YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode object(String text) {
        return (ObjectNode) json(text);
    }

    @Override
    public Optional<JsonNode> get(String group, String resource, String namespace, String name) {
        return Optional.ofNullable(objects.get(key(group, resource, namespace, name)));
    }

    @Override
    public List<JsonNode> list(String group, String resource, String namespace) {
        String prefix = group + "/" + resource + "/" + (namespace.isEmpty() ? "" : namespace + "/");
        List<JsonNode> out = new ArrayList<>();
        objects.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.add(v);
            }
        });
        return out;
    }

    private static String key(String group, String resource, String namespace, String name) {
        return group + "/" + resource + "/" + namespace + "/" + name;
    }
}
