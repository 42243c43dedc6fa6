package io.timonel.plugins.nodeagent;

/**
 * A value, or why there is none: a Kubernetes reason ({@code CreateContainerConfigError},
 * {@code FailedMount} …) and a message for the pod's status and events.
 */
public record Outcome<T>(T value, String reason, String message) {

    public static <T> Outcome<T> of(T value) {
        return new Outcome<>(value, null, null);
    }

    public static <T> Outcome<T> failed(String reason, String message) {
        return new Outcome<>(null, reason, message);
    }

    public boolean ok() {
        return reason == null;
    }
}
