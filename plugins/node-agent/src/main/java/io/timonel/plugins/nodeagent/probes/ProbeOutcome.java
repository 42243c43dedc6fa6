package io.timonel.plugins.nodeagent.probes;

/** One run of a probe or hook: whether it succeeded, and the output or error that explains a failure. */
public record ProbeOutcome(boolean success, String message) {
    public static ProbeOutcome ok() {
        return new ProbeOutcome(true, "");
    }

    public static ProbeOutcome failed(String message) {
        return new ProbeOutcome(false, message);
    }
}
