package io.timonel.kernel.admission.webhook;

import io.timonel.spi.admission.AdmissionResult;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a webhook's reply into an admission result, applying its failure policy. */
final class WebhookOutcomes {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookOutcomes.class);

    private WebhookOutcomes() {
    }

    /**
     * {@link AdmissionResult.Allowed} (with the webhook's warnings) for an allowing reply or an
     * ignored failure, {@link AdmissionResult.Denied} for a refusal or a failure under
     * {@code failurePolicy: Fail}. A patch in an allowing reply is the caller's to apply.
     */
    static AdmissionResult judge(Webhook hook, AdmissionReviews.Reply reply) {
        if (reply instanceof AdmissionReviews.Reply.Allow a) {
            return new AdmissionResult.Allowed(a.warnings());
        }
        if (reply instanceof AdmissionReviews.Reply.Deny d) {
            return WebhookErrors.denied(hook, d.status());
        }
        String why = ((AdmissionReviews.Reply.Unusable) reply).why();
        if (hook.failClosed()) {
            return WebhookErrors.callFailed(hook, why);
        }
        LOG.warn("failed calling webhook \"{}\", failing open: {}", hook.name(), why);
        return new AdmissionResult.Allowed(List.of());
    }

    /** A configuration that cannot take AdmissionReview v1 fails like an unreachable webhook. */
    static AdmissionReviews.Reply notV1() {
        return new AdmissionReviews.Reply.Unusable("webhook does not accept v1 AdmissionReview");
    }
}
