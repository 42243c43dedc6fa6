package io.timonel.plugins.coreapi.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.spi.resource.ObjectDefaulter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Defaults of a Secret: type Opaque, and {@code stringData} folded into {@code data} (base64),
 * overriding keys of the same name, then dropped: stringData is write-only, as in Kubernetes.
 */
public final class SecretDefaults implements ObjectDefaulter {

    @Override
    public void applyDefaults(ObjectNode secret) {
        Json.defaultText(secret, "type", "Opaque");
        if (secret.get("stringData") instanceof ObjectNode strings) {
            if (strings.size() > 0) {
                ObjectNode data = Json.object(secret, "data");
                strings.fields().forEachRemaining(e -> data.put(e.getKey(), Base64.getEncoder()
                        .encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8))));
            }
        }
        secret.remove("stringData");
    }
}
