package io.timonel.examples.widgets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.timonel.spi.resource.CustomResourceDefinitionProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.pf4j.Extension;

/** Ships the Widget CRD, kept as YAML in this jar; the kernel installs it when the plugin starts. */
@Extension
public final class WidgetDefinition implements CustomResourceDefinitionProvider {
    static final String MANIFEST = "/crds/widgets.example.timonel.io.yaml";

    @Override
    public List<JsonNode> customResourceDefinitions() {
        try (InputStream in = WidgetDefinition.class.getResourceAsStream(MANIFEST)) {
            return List.of(new YAMLMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("the Widget CRD is missing from the plugin jar", e);
        }
    }
}
