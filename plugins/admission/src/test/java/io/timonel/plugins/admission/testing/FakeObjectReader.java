package io.timonel.plugins.admission.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.admission.ObjectReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** An in-memory, thread-safe stand-in for the watch cache, keyed as group/resource/namespace/name. */
public final class FakeObjectReader implements ObjectReader {
    private final Map<String, JsonNode> objects = new ConcurrentSkipListMap<>();

    /** Stores {@code object} under its metadata's namespace and name. */
    public FakeObjectReader put(String group, String resource, JsonNode object) {
        JsonNode meta = object.path("metadata");
        objects.put(key(group, resource, meta.path("namespace").asText(""), meta.path("name").asText()), object);
        return this;
    }

    public void remove(String group, String resource, String namespace, String name) {
        objects.remove(key(group, resource, namespace, name));
    }

    private static String key(String group, String resource, String namespace, String name) {
        return group + "/" + resource + "/" + namespace + "/" + name;
    }

    @Override
    public Optional<JsonNode> get(String group, String resource, String namespace, String name) {
        return Optional.ofNullable(objects.get(key(group, resource, namespace, name)));
    }

    @Override
    public List<JsonNode> list(String group, String resource, String namespace) {
        String prefix = group + "/" + resource + "/" + namespace + "/";
        return objects.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue).toList();
    }
}
