package io.timonel.kernel.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.timonel.spi.admission.ObjectReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The webhooks of every configuration of one kind, read from the watch cache on each call so that
 * a new or changed configuration applies to the next request. Configurations are taken in name
 * order and their webhooks in listed order, as in Kubernetes. Parsed webhooks are cached by the
 * configuration's uid and resourceVersion, so a change is parsed once.
 */
public final class WebhookConfigurations {
    static final String GROUP = "admissionregistration.k8s.io";
    static final String MUTATING = "mutatingwebhookconfigurations";
    static final String VALIDATING = "validatingwebhookconfigurations";

    private final String resource;
    private final Cache<String, List<Webhook>> parsed = Caffeine.newBuilder().maximumSize(1_000)
            .expireAfterAccess(java.time.Duration.ofMinutes(10)).build();

    private WebhookConfigurations(String resource) {
        this.resource = resource;
    }

    public static WebhookConfigurations mutating() {
        return new WebhookConfigurations(MUTATING);
    }

    public static WebhookConfigurations validating() {
        return new WebhookConfigurations(VALIDATING);
    }

    /** Every webhook now configured, in calling order. */
    public List<Webhook> current(ObjectReader objects) {
        List<JsonNode> configurations = new ArrayList<>(objects.list(GROUP, resource, ""));
        if (configurations.isEmpty()) {
            return List.of();
        }
        configurations.sort(Comparator.comparing(c -> c.path("metadata").path("name").asText()));
        List<Webhook> out = new ArrayList<>();
        for (JsonNode configuration : configurations) {
            JsonNode meta = configuration.path("metadata");
            String key = meta.path("uid").asText() + "/" + meta.path("resourceVersion").asText();
            out.addAll(parsed.get(key, k -> parse(configuration)));
        }
        return out;
    }

    private static List<Webhook> parse(JsonNode configuration) {
        String name = configuration.path("metadata").path("name").asText();
        List<Webhook> hooks = new ArrayList<>();
        configuration.path("webhooks").forEach(h -> hooks.add(Webhook.from(name, h)));
        return List.copyOf(hooks);
    }
}
