package io.timonel.spi.auth;

/** An authorizer's answer. */
public record Decision(Outcome outcome, String reason) {

    /** Whether the request may go on. */
    public enum Outcome {
        /** The request is allowed; later authorizers are not asked. */
        ALLOW,
        /** The request is refused with 403; later authorizers are not asked. */
        DENY,
        /** This authorizer has no opinion; the next one decides. */
        NO_OPINION
    }

    public static Decision allow(String reason) {
        return new Decision(Outcome.ALLOW, reason);
    }

    public static Decision deny(String reason) {
        return new Decision(Outcome.DENY, reason);
    }

    public static Decision noOpinion() {
        return new Decision(Outcome.NO_OPINION, "");
    }
}
