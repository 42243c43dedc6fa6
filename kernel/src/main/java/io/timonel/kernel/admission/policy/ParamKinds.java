package io.timonel.kernel.admission.policy;

import io.timonel.spi.resource.ResourceType;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/** Finds the resource that serves a policy's paramKind, to read params through an ObjectReader. */
@FunctionalInterface
public interface ParamKinds {

    /**
     * The resource serving {@code kind} in {@code group}/{@code version}, or empty when none is
     * registered (the binding is then misconfigured, and the policy's failurePolicy applies).
     */
    Optional<Resource> resolve(String group, String version, String kind);

    /** A plural resource name and whether its objects live in namespaces. */
    record Resource(String plural, boolean namespaced) {
    }

    /** Resolves against the types currently registered, e.g. {@code () -> registry.snapshot().all()}. */
    static ParamKinds from(Supplier<? extends Collection<ResourceType>> types) {
        return (group, version, kind) -> types.get().stream()
                .filter(t -> t.group().equals(group) && t.version().equals(version) && t.kind().equals(kind))
                .findFirst()
                .map(t -> new Resource(t.plural(), t.namespaced()));
    }

    /**
     * Guesses the plural from the kind (English rules, as kubectl's fallback does) and assumes a
     * namespaced resource; for tests and for wiring without a registry.
     */
    static ParamKinds guessing() {
        return (group, version, kind) -> {
            String lower = kind.toLowerCase(Locale.ROOT);
            String plural;
            if (lower.endsWith("s") || lower.endsWith("x") || lower.endsWith("ch") || lower.endsWith("sh")) {
                plural = lower + "es";
            } else if (lower.endsWith("y") && lower.length() > 1 && "aeiou".indexOf(lower.charAt(lower.length() - 2)) < 0) {
                plural = lower.substring(0, lower.length() - 1) + "ies";
            } else {
                plural = lower + "s";
            }
            return Optional.of(new Resource(plural, true));
        };
    }
}
