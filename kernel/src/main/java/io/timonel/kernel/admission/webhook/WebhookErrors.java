package io.timonel.kernel.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.admission.AdmissionResult;

/** The Statuses Kubernetes answers when a webhook refuses a request or cannot be called. */
final class WebhookErrors {

    private WebhookErrors() {
    }

    /**
     * A webhook answered {@code allowed: false}. Its {@code status} is passed on with a code of at
     * least 400 and the message prefixed with the webhook's name.
     */
    static AdmissionResult.Denied denied(Webhook hook, JsonNode status) {
        int code = status.path("code").asInt(0);
        if (code < 400) {
            code = 400;
        }
        String deniedBy = "admission webhook \"" + hook.name() + "\" denied the request";
        String message = status.path("message").asText("");
        String reason = status.path("reason").asText("");
        String text;
        if (!message.isEmpty()) {
            text = deniedBy + ": " + message;
        } else if (!reason.isEmpty()) {
            text = deniedBy + ": " + reason;
        } else {
            text = deniedBy + " without explanation";
        }
        return new AdmissionResult.Denied(code, reason, text);
    }

    /** The webhook could not be called or gave an unusable answer, under {@code failurePolicy: Fail}. */
    static AdmissionResult.Denied callFailed(Webhook hook, String why) {
        return new AdmissionResult.Denied(500, "InternalError",
                "Internal error occurred: failed calling webhook \"" + hook.name() + "\": " + why);
    }

    /** A dry run reached a webhook that does not declare itself free of side effects. */
    static AdmissionResult.Denied dryRunUnsupported(Webhook hook) {
        return new AdmissionResult.Denied(400, "BadRequest",
                "admission webhook \"" + hook.name() + "\" does not support dry run");
    }
}
