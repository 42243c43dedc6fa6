package io.timonel.spi.runtime;

import java.time.Instant;
import java.util.Map;

/**
 * A sandbox as the runtime reports it.
 *
 * @param id          the runtime's id
 * @param ready       true while it runs
 * @param ip          its pod IP (null with host networking or when it has none)
 * @param createdAt   when it was created
 * @param labels      the labels it was created with
 * @param annotations the annotations it was created with
 */
public record SandboxStatus(String id, boolean ready, String ip, Instant createdAt, Map<String, String> labels,
                            Map<String, String> annotations) {
    public SandboxStatus {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}
