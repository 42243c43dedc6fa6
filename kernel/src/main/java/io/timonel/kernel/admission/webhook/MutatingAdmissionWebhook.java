package io.timonel.kernel.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.kernel.patch.JsonPatch;
import io.timonel.kernel.patch.PatchResult;
import io.timonel.spi.admission.AdmissionPlugin;
import io.timonel.spi.admission.AdmissionRequest;
import io.timonel.spi.admission.AdmissionResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Calls the webhooks of every MutatingWebhookConfiguration that match a request, one after the
 * other, each seeing the object as the ones before it left it, and applies their JSON patches.
 * A webhook with {@code reinvocationPolicy: IfNeeded} is called once more, after the others, when
 * a webhook after it changed the object. A refusal, or a failure under {@code failurePolicy: Fail},
 * refuses the request. Place it last among mutating plugins. Thread-safe; blocks the calling
 * thread for the matching webhooks' calls.
 *
 * <p>Only the webhook plugin itself is run again on reinvocation, not the built-in mutating
 * plugins before it (Kubernetes re-runs those too; ours are idempotent defaulters).
 */
public final class MutatingAdmissionWebhook implements AdmissionPlugin {
    public static final String NAME = "MutatingAdmissionWebhook";

    private final WebhookConfigurations configurations = WebhookConfigurations.mutating();
    private final WebhookCaller caller;

    public MutatingAdmissionWebhook(WebhookCaller caller) {
        this.caller = caller;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean mutating() {
        return true;
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
        JsonNode original = request.object();
        JsonNode current = original;
        List<String> warnings = new ArrayList<>();
        Set<String> invokedIfNeeded = new LinkedHashSet<>();
        Set<String> reinvoke = new HashSet<>();
        for (int round = 0; round < 2; round++) {
            for (Webhook hook : hooks) {
                String key = hook.configuration() + "/" + hook.name();
                if (round == 1 && !reinvoke.contains(key)) {
                    continue;
                }
                AdmissionRequest seen = withObject(request, current);
                WebhookMatcher.Decision decision = WebhookMatcher.decide(hook, seen);
                if (decision instanceof WebhookMatcher.Decision.Skip) {
                    continue;
                }
                if (decision instanceof WebhookMatcher.Decision.Refuse r) {
                    return r.denial();
                }
                if (request.dryRun() && !hook.sideEffectFree()) {
                    return WebhookErrors.dryRunUnsupported(hook);
                }
                AdmissionReviews.Reply reply;
                if (hook.acceptsV1()) {
                    String uid = UUID.randomUUID().toString();
                    reply = caller.call(hook, AdmissionReviews.request(uid, seen, current), uid, request.objects())
                            .join();
                } else {
                    reply = WebhookOutcomes.notV1();
                }
                AdmissionResult judged = WebhookOutcomes.judge(hook, reply);
                if (judged instanceof AdmissionResult.Denied d) {
                    return d;
                }
                warnings.addAll(((AdmissionResult.Allowed) judged).warnings());
                if (reply instanceof AdmissionReviews.Reply.Allow a && a.patch() != null && current != null) {
                    PatchResult patched = JsonPatch.apply(current, a.patch());
                    if (!(patched instanceof PatchResult.Patched p)) {
                        return WebhookErrors.callFailed(hook, "failed to apply the webhook's patch: " + patched.reason());
                    }
                    if (!p.object().equals(current)) {
                        current = p.object();
                        if (round == 0) {
                            invokedIfNeeded.stream().filter(k -> !k.equals(key)).forEach(reinvoke::add);
                        }
                    }
                }
                if (round == 0 && hook.reinvokeIfNeeded()) {
                    invokedIfNeeded.add(key);
                }
            }
            if (reinvoke.isEmpty()) {
                break;
            }
        }
        if (current == original || current.equals(original)) {
            return new AdmissionResult.Allowed(List.copyOf(warnings));
        }
        return new AdmissionResult.Mutated(current, List.copyOf(warnings));
    }

    private static AdmissionRequest withObject(AdmissionRequest r, JsonNode object) {
        return new AdmissionRequest(r.operation(), r.type(), r.subresource(), r.namespace(), r.name(), object,
                r.oldObject(), r.user(), r.dryRun(), r.objects());
    }
}
