package io.timonel.kernel.admission.policy;

/**
 * One reason a (policy, binding, param) evaluation rejects a request: a validation that
 * evaluated to false, or an error under {@code failurePolicy: Fail}.
 *
 * @param message what went wrong, without the policy and binding prefix
 * @param reason  the Status reason of a denial, e.g. {@code Invalid} or {@code Forbidden}
 */
record Failure(String message, String reason) {

    /** The HTTP code Kubernetes answers with for a reason a validation may name. */
    int code() {
        return switch (reason) {
            case "Unauthorized" -> 401;
            case "Forbidden" -> 403;
            case "RequestEntityTooLarge" -> 413;
            default -> 422;
        };
    }
}
