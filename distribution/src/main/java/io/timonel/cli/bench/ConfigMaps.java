package io.timonel.cli.bench;

import java.util.Random;

/**
 * The benchmark's objects: ConfigMaps carrying a 1 KiB value, as JSON text built from a template
 * (the client should spend its CPU on requests, not on object mapping).
 */
final class ConfigMaps {

    /** Size of the value each ConfigMap carries. */
    static final int VALUE_BYTES = 1024;

    private static final String VALUE = filler(VALUE_BYTES, 42);
    private static final String RESOURCE_VERSION = "\"resourceVersion\":\"";

    private ConfigMaps() {
    }

    /** A ConfigMap named {@code name} with a 1 KiB value; with {@code resourceVersion} when not null (for updates). */
    static String json(String namespace, String name, String resourceVersion, long generation) {
        StringBuilder json = new StringBuilder(VALUE_BYTES + 256)
                .append("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"").append(name)
                .append("\",\"namespace\":\"").append(namespace).append('"');
        if (resourceVersion != null) {
            json.append(',').append(RESOURCE_VERSION).append(resourceVersion).append('"');
        }
        return json.append("},\"data\":{\"generation\":\"").append(generation)
                .append("\",\"value\":\"").append(VALUE).append("\"}}").toString();
    }

    /** A namespace object. */
    static String namespaceJson(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}";
    }

    /**
     * The first {@code "resourceVersion":"…"} in a JSON text — that of the object itself for a
     * single object, of the list for a list — or null when there is none.
     */
    static String resourceVersion(String json) {
        int at = json.indexOf(RESOURCE_VERSION);
        if (at < 0) {
            return null;
        }
        int from = at + RESOURCE_VERSION.length();
        int to = json.indexOf('"', from);
        return to < 0 ? null : json.substring(from, to);
    }

    /** Letters and digits, deterministic, so runs are comparable. */
    static String filler(int length, long seed) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
