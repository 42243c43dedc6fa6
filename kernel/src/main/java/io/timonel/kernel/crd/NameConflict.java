package io.timonel.kernel.crd;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.resource.ResourceType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Why a CRD's names cannot be accepted: another resource served in the same group already uses
 * its plural, singular, kind, list kind or a short name. Reported as the {@code NamesAccepted}
 * condition's reason and message, as Kubernetes' naming controller does
 * ({@code PluralConflict}, {@code "widgets" is already in use}).
 *
 * @param reason  e.g. {@code PluralConflict}, {@code KindConflict}, {@code ShortNamesConflict}
 * @param message e.g. {@code "widgets" is already in use}
 */
public record NameConflict(String reason, String message) {

    /**
     * The first conflict of the CRD's names with the {@code others} (types served by built-ins or
     * other CRDs; the CRD's own types must not be among them), or empty when there is none.
     */
    public static Optional<NameConflict> find(JsonNode crd, Collection<ResourceType> others) {
        String group = crd.path("spec").path("group").asText();
        JsonNode names = crd.path("spec").path("names");
        String kind = names.path("kind").asText();
        String plural = names.path("plural").asText();
        String singular = names.path("singular").asText(kind.toLowerCase(java.util.Locale.ROOT));
        String listKind = names.path("listKind").asText(kind + "List");
        List<String> shortNames = new ArrayList<>();
        names.path("shortNames").forEach(n -> shortNames.add(n.asText()));
        List<ResourceType> sameGroup = others.stream().filter(t -> t.group().equals(group)).toList();
        for (ResourceType t : sameGroup) {
            if (Set.of(t.plural(), t.singular()).contains(plural)) {
                return Optional.of(inUse("PluralConflict", plural));
            }
        }
        for (ResourceType t : sameGroup) {
            if (Set.of(t.plural(), t.singular()).contains(singular)) {
                return Optional.of(inUse("SingularConflict", singular));
            }
        }
        for (ResourceType t : sameGroup) {
            for (String s : shortNames) {
                if (t.shortNames().contains(s) || t.plural().equals(s) || t.singular().equals(s)) {
                    return Optional.of(inUse("ShortNamesConflict", s));
                }
            }
        }
        for (ResourceType t : sameGroup) {
            if (t.kind().equals(kind) || t.listKind().equals(kind)) {
                return Optional.of(inUse("KindConflict", kind));
            }
        }
        for (ResourceType t : sameGroup) {
            if (t.kind().equals(listKind) || t.listKind().equals(listKind)) {
                return Optional.of(inUse("ListKindConflict", listKind));
            }
        }
        return Optional.empty();
    }

    private static NameConflict inUse(String reason, String name) {
        return new NameConflict(reason, "\"" + name + "\" is already in use");
    }
}
