package io.timonel.plugins.coreapi.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.plugins.coreapi.support.FieldPath;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.NameRules;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ObjectValidator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Validation of ConfigMaps and Secrets: key format, the 1 MiB size limit, base64 values of a
 * Secret, the keys each Secret type requires, and {@code immutable: true}.
 */
public final class ConfigDataValidation {

    /** The largest ConfigMap or Secret payload Kubernetes accepts. */
    public static final int MAX_SIZE = 1024 * 1024;

    private static final String IMMUTABLE = "field is immutable when `immutable` is set";
    private static final Map<String, List<String>> REQUIRED_KEYS = Map.of(
            "kubernetes.io/tls", List.of("tls.crt", "tls.key"),
            "kubernetes.io/dockerconfigjson", List.of(".dockerconfigjson"),
            "kubernetes.io/dockercfg", List.of(".dockercfg"),
            "kubernetes.io/ssh-auth", List.of("ssh-privatekey"));

    private ConfigDataValidation() {
    }

    public static ObjectValidator configMaps() {
        return Validation.of(NameRule.DNS1123_SUBDOMAIN, (object, old, out) -> {
            long size = keys(object, "data", out, false) + keys(object, "binaryData", out, true);
            object.path("binaryData").fieldNames().forEachRemaining(key -> {
                if (object.path("data").has(key)) {
                    out.add(FieldViolation.invalid("binaryData[" + key + "]", key, "duplicate of key present in data"));
                }
            });
            if (size > MAX_SIZE) {
                out.add(FieldViolation.tooLong("", MAX_SIZE));
            }
            immutability(object, old, List.of("data", "binaryData"), out);
        });
    }

    public static ObjectValidator secrets() {
        return Validation.of(NameRule.DNS1123_SUBDOMAIN, (object, old, out) -> {
            long size = keys(object, "data", out, true);
            if (size > MAX_SIZE) {
                out.add(FieldViolation.tooLong("data", MAX_SIZE));
            }
            String type = Json.text(object, "type");
            for (String key : REQUIRED_KEYS.getOrDefault(type, List.of())) {
                if (!object.path("data").has(key)) {
                    out.add(FieldViolation.required("data[" + key + "]"));
                }
            }
            if ("kubernetes.io/service-account-token".equals(type)
                    && Json.text(object, "metadata", "annotations", "kubernetes.io/service-account.name") == null) {
                out.add(FieldViolation.required("metadata.annotations[kubernetes.io/service-account.name]"));
            }
            if (old != null) {
                Validation.immutable(object.get("type"), old.get("type"), FieldPath.of("type"), out);
            }
            immutability(object, old, List.of("data"), out);
        });
    }

    /** Checks the keys of a data map and returns the payload size (decoded when base64). */
    private static long keys(JsonNode object, String field, List<FieldViolation> out, boolean base64) {
        long size = 0;
        var entries = object.path(field).fields();
        while (entries.hasNext()) {
            var e = entries.next();
            FieldPath at = FieldPath.of(field);
            Validation.report(NameRules.configMapKey(e.getKey()), e.getKey(), at, out);
            String value = e.getValue().isNull() ? "" : e.getValue().asText();
            if (base64) {
                try {
                    size += Base64.getDecoder().decode(value).length;
                } catch (IllegalArgumentException notBase64) {
                    out.add(FieldViolation.invalid(at.key(e.getKey()).path(), "<secret contents redacted>",
                            "illegal base64 data"));
                }
            } else {
                size += value.getBytes(StandardCharsets.UTF_8).length;
            }
            size += e.getKey().length();
        }
        return size;
    }

    private static void immutability(JsonNode object, JsonNode old, List<String> dataFields, List<FieldViolation> out) {
        if (old == null || !old.path("immutable").asBoolean(false)) {
            return;
        }
        if (!object.path("immutable").asBoolean(false)) {
            out.add(FieldViolation.forbidden("immutable", IMMUTABLE));
        }
        for (String field : dataFields) {
            if (!normalized(object.get(field)).equals(normalized(old.get(field)))) {
                out.add(FieldViolation.forbidden(field, IMMUTABLE));
            }
        }
    }

    private static JsonNode normalized(JsonNode node) {
        return node == null || node.isNull() || node.size() == 0
                ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : node;
    }
}
