package io.timonel.plugins.nodeagent.env;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The decoded bytes of a Secret's keys ({@code data} is base64 on the wire; {@code stringData}, if a server echoes it, wins). */
public final class SecretData {

    private SecretData() {
    }

    public static Map<String, byte[]> of(Secret secret) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> out.put(k, v == null ? new byte[0] : Base64.getMimeDecoder().decode(v)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((k, v) -> out.put(k, v == null ? new byte[0] : v.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }
}
