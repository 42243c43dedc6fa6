package io.timonel.plugins.admission.podsecurity;

/**
 * One failed check: {@code reason} is the short name ({@code privileged}), {@code detail} says
 * who breaks it and how ({@code container "c" must not set securityContext.privileged=true}).
 */
record Violation(String reason, String detail) {
    @Override
    public String toString() {
        return detail.isEmpty() ? reason : reason + " (" + detail + ")";
    }
}
