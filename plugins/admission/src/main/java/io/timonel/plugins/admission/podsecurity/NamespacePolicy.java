package io.timonel.plugins.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Pod Security levels a namespace asks for, from its labels
 * {@code pod-security.kubernetes.io/<mode>} and {@code pod-security.kubernetes.io/<mode>-version}.
 * A missing or unknown level is {@code privileged}, which checks nothing.
 */
record NamespacePolicy(Mode enforce, Mode audit, Mode warn) {
    static final String PREFIX = "pod-security.kubernetes.io/";
    static final NamespacePolicy NONE = new NamespacePolicy(Mode.PRIVILEGED, Mode.PRIVILEGED, Mode.PRIVILEGED);

    /** One mode's level and version as it appears in messages: {@code baseline:latest}. */
    record Mode(Level level, String version) {
        static final Mode PRIVILEGED = new Mode(Level.PRIVILEGED, "latest");

        boolean checks() {
            return level != Level.PRIVILEGED;
        }

        @Override
        public String toString() {
            return level.label() + ":" + version;
        }
    }

    static NamespacePolicy of(JsonNode namespace) {
        JsonNode labels = namespace.path("metadata").path("labels");
        return new NamespacePolicy(mode(labels, "enforce"), mode(labels, "audit"), mode(labels, "warn"));
    }

    private static Mode mode(JsonNode labels, String mode) {
        Level level = Level.parse(labels.path(PREFIX + mode).asText("")).orElse(Level.PRIVILEGED);
        String version = labels.path(PREFIX + mode + "-version").asText("");
        // Every version is checked as the latest: the standards have only grown stricter.
        return new Mode(level, version.isEmpty() ? "latest" : version);
    }
}
