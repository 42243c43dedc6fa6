package io.timonel.plugins.admission.podsecurity;

import java.util.Locale;
import java.util.Optional;

/** The Pod Security Standards, each stricter than the one before. */
public enum Level {
    /** Unrestricted. */
    PRIVILEGED,
    /** Prevents known privilege escalations; allows the default pod. */
    BASELINE,
    /** Hardening best practice, at some cost to compatibility. */
    RESTRICTED;

    /** The label value ({@code privileged}, {@code baseline}, {@code restricted}); empty when unknown. */
    static Optional<Level> parse(String label) {
        for (Level l : values()) {
            if (l.label().equals(label)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
