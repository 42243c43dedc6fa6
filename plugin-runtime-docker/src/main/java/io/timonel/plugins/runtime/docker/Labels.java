package io.timonel.plugins.runtime.docker;

import java.util.HashMap;
import java.util.Map;

/**
 * The Docker labels this runtime writes. Besides the caller's labels (kept as they are), it marks
 * what it created with {@link #TYPE} so that it lists only its own containers, ties a container
 * to its sandbox, and stores annotations as labels under {@link #ANNOTATION_PREFIX}. All its own
 * keys start with {@link #RESERVED_PREFIX}; the labels it reports back are the others.
 */
final class Labels {
    static final String RESERVED_PREFIX = "timonel.runtime.";
    /** {@link #SANDBOX} or {@link #CONTAINER}. */
    static final String TYPE = RESERVED_PREFIX + "type";
    static final String SANDBOX = "sandbox";
    static final String CONTAINER = "container";
    /** On containers: the id of their sandbox's pause container. */
    static final String SANDBOX_ID = RESERVED_PREFIX + "sandbox-id";
    static final String CONTAINER_NAME = RESERVED_PREFIX + "container-name";
    static final String ATTEMPT = RESERVED_PREFIX + "attempt";
    static final String ANNOTATION_PREFIX = RESERVED_PREFIX + "annotation.";

    private Labels() {
    }

    /** The caller's labels, its annotations under {@link #ANNOTATION_PREFIX}, and {@code own} (reserved keys). */
    static Map<String, String> encode(Map<String, String> labels, Map<String, String> annotations, Map<String, String> own) {
        Map<String, String> all = new HashMap<>();
        labels.forEach((k, v) -> {
            if (!k.startsWith(RESERVED_PREFIX)) {
                all.put(k, v);
            }
        });
        annotations.forEach((k, v) -> all.put(ANNOTATION_PREFIX + k, v));
        all.putAll(own);
        return all;
    }

    /** The caller's labels among {@code docker}'s. */
    static Map<String, String> labels(Map<String, String> docker) {
        Map<String, String> out = new HashMap<>();
        if (docker != null) {
            docker.forEach((k, v) -> {
                if (!k.startsWith(RESERVED_PREFIX)) {
                    out.put(k, v);
                }
            });
        }
        return out;
    }

    /** The caller's annotations among {@code docker}'s labels. */
    static Map<String, String> annotations(Map<String, String> docker) {
        Map<String, String> out = new HashMap<>();
        if (docker != null) {
            docker.forEach((k, v) -> {
                if (k.startsWith(ANNOTATION_PREFIX)) {
                    out.put(k.substring(ANNOTATION_PREFIX.length()), v);
                }
            });
        }
        return out;
    }

    /** The {@link #ATTEMPT} label as a number, 0 when missing or malformed. */
    static int attempt(Map<String, String> docker) {
        try {
            return docker == null ? 0 : Integer.parseInt(docker.getOrDefault(ATTEMPT, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A label filter value as the engine expects it ({@code key=value}). */
    static String filter(String key, String value) {
        return key + "=" + value;
    }
}
