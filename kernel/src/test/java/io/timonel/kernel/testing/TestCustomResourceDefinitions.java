package io.timonel.kernel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.timonel.spi.resource.CustomResourceDefinitionProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.pf4j.Extension;

/** A CRD shipped the way a plugin ships one: YAML on the classpath, installed at start-up. */
@Extension
public final class TestCustomResourceDefinitions implements CustomResourceDefinitionProvider {

    @Override
    public List<JsonNode> customResourceDefinitions() {
        try (InputStream in = getClass().getResourceAsStream("/crds/gizmos.yaml")) {
            return List.of(new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
