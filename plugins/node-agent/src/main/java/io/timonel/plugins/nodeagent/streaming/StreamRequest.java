package io.timonel.plugins.nodeagent.streaming;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a streaming path names, in the kubelet's layout:
 * <pre>
 *   /containerLogs/{namespace}/{pod}/{container}
 *   /exec/{namespace}/{pod}/{container}
 *   /attach/{namespace}/{pod}/{container}
 *   /portForward/{namespace}/{pod}
 * </pre>
 */
public record StreamRequest(Kind kind, String namespace, String pod, String container) {

    public enum Kind {
        LOGS("containerLogs"),
        EXEC("exec"),
        ATTACH("attach"),
        PORT_FORWARD("portForward");

        private final String segment;

        Kind(String segment) {
            this.segment = segment;
        }

        /** The first path segment. */
        public String segment() {
            return segment;
        }
    }

    /** The request a (decoded) path names, or empty when it names none. */
    public static Optional<StreamRequest> parse(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        for (Kind kind : Kind.values()) {
            if (!kind.segment.equals(parts.get(0))) {
                continue;
            }
            int wanted = kind == Kind.PORT_FORWARD ? 3 : 4;
            if (parts.size() != wanted) {
                return Optional.empty();
            }
            return Optional.of(new StreamRequest(kind, parts.get(1), parts.get(2),
                    kind == Kind.PORT_FORWARD ? "" : parts.get(3)));
        }
        return Optional.empty();
    }
}
