package io.timonel.kernel.admission.webhook;

import io.timonel.spi.admission.AdmissionPlugin;
import io.timonel.spi.admission.AdmissionRequest;
import io.timonel.spi.admission.AdmissionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Calls the webhooks of every ValidatingWebhookConfiguration that match a request, all at once,
 * and refuses the request when one refuses it (the first in configuration order wins) or fails
 * under {@code failurePolicy: Fail}. Warnings of all allowing webhooks are passed on. Place it last
 * among validating plugins. Thread-safe; blocks the calling thread for at most the longest
 * matching webhook's timeout.
 */
public final class ValidatingAdmissionWebhook implements AdmissionPlugin {
    public static final String NAME = "ValidatingAdmissionWebhook";

    private final WebhookConfigurations configurations = WebhookConfigurations.validating();
    private final WebhookCaller caller;

    public ValidatingAdmissionWebhook(WebhookCaller caller) {
        this.caller = caller;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AdmissionResult admit(AdmissionRequest request) {
        if (request.objects() == null) {
            return AdmissionResult.allow();
        }
        List<Webhook> hooks = configurations.current(request.objects());
        if (hooks.isEmpty()) {
            return AdmissionResult.allow();
        }
        List<CompletableFuture<AdmissionResult>> pending = new ArrayList<>();
        for (Webhook hook : hooks) {
            WebhookMatcher.Decision decision = WebhookMatcher.decide(hook, request);
            if (decision instanceof WebhookMatcher.Decision.Skip) {
                continue;
            }
            if (decision instanceof WebhookMatcher.Decision.Refuse r) {
                pending.add(CompletableFuture.completedFuture(r.denial()));
            } else if (request.dryRun() && !hook.sideEffectFree()) {
                pending.add(CompletableFuture.completedFuture(WebhookErrors.dryRunUnsupported(hook)));
            } else if (!hook.acceptsV1()) {
                pending.add(CompletableFuture.completedFuture(WebhookOutcomes.judge(hook, WebhookOutcomes.notV1())));
            } else {
                String uid = UUID.randomUUID().toString();
                pending.add(caller.call(hook, AdmissionReviews.request(uid, request, request.object()), uid,
                        request.objects()).thenApply(reply -> WebhookOutcomes.judge(hook, reply)));
            }
        }
        List<String> warnings = new ArrayList<>();
        AdmissionResult.Denied denial = null;
        for (CompletableFuture<AdmissionResult> f : pending) {
            AdmissionResult result = f.join();
            if (result instanceof AdmissionResult.Denied d) {
                if (denial == null) {
                    denial = d;
                }
            } else if (result instanceof AdmissionResult.Allowed a) {
                warnings.addAll(a.warnings());
            }
        }
        return denial != null ? denial : new AdmissionResult.Allowed(List.copyOf(warnings));
    }
}
