package io.timonel.plugins.admission.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.admission.ObjectReader;
import java.util.Comparator;
import java.util.Optional;

/**
 * The cluster's default class of a kind (StorageClass, IngressClass): the one annotated
 * {@code ANNOTATION: "true"}, the newest when several are, as Kubernetes' admission picks it.
 */
public final class DefaultClasses {
    private DefaultClasses() {
    }

    /** The name of the default object of {@code group}/{@code plural}, if one is annotated so. */
    public static Optional<String> of(ObjectReader objects, String group, String plural, String annotation) {
        return objects.list(group, plural, "").stream()
                .filter(c -> "true".equals(c.path("metadata").path("annotations").path(annotation).asText()))
                .max(Comparator.comparing((JsonNode c) -> c.path("metadata").path("creationTimestamp").asText())
                        .thenComparing(c -> c.path("metadata").path("name").asText()))
                .map(c -> c.path("metadata").path("name").asText());
    }
}
