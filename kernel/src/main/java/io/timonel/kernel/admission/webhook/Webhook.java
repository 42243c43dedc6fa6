package io.timonel.kernel.admission.webhook;

import io.timonel.kernel.api.select.StructuredLabelSelector;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One webhook of a Mutating- or ValidatingWebhookConfiguration, with Kubernetes' defaults filled
 * in. Immutable.
 *
 * @param name                    the webhook's name, e.g. {@code pods.policy.example.com}
 * @param configuration           the name of the configuration object holding it
 * @param client                  where and how to call it
 * @param rules                   what requests it wants; a request must match one rule
 * @param exactMatch              {@code matchPolicy: Exact} (default Equivalent)
 * @param failClosed              {@code failurePolicy: Fail} (default), otherwise Ignore
 * @param namespaceSelector       labels of the namespace of namespaced requests
 * @param objectSelector          labels of the old or new object
 * @param sideEffectFree          {@code sideEffects} is None or NoneOnDryRun: it may see dry runs
 * @param timeout                 {@code timeoutSeconds}: default 10, at most 30
 * @param acceptsV1               whether {@code admissionReviewVersions} includes v1
 * @param reinvokeIfNeeded        {@code reinvocationPolicy: IfNeeded} (mutating webhooks only)
 */
public record Webhook(String name, String configuration, ClientConfig client, List<Rule> rules, boolean exactMatch,
                      boolean failClosed, StructuredLabelSelector namespaceSelector,
                      StructuredLabelSelector objectSelector, boolean sideEffectFree,
                      Duration timeout, boolean acceptsV1, boolean reinvokeIfNeeded) {

    static final int DEFAULT_TIMEOUT_SECONDS = 10;
    static final int MAX_TIMEOUT_SECONDS = 30;

    /**
     * Where a webhook listens: a URL, or a Service reached on its endpoints.
     *
     * @param url              {@code https://host:port/path}, or null when a service is named
     * @param serviceNamespace the Service's namespace (service form)
     * @param serviceName      the Service's name (service form)
     * @param servicePort      the Service's port, default 443
     * @param servicePath      the path, default {@code /}
     * @param caBundle         PEM certificates to trust, or empty for the JVM's default trust
     */
    public record ClientConfig(String url, String serviceNamespace, String serviceName, int servicePort,
                               String servicePath, String caBundle) {

        /** The name the server's certificate must carry for a service: {@code <name>.<namespace>.svc}. */
        public String serviceHost() {
            return serviceName + "." + serviceNamespace + ".svc";
        }

        /** The URL as Kubernetes reports it in errors. */
        public String displayUrl() {
            return url != null ? url : "https://" + serviceHost() + ":" + servicePort + servicePath;
        }

        static ClientConfig from(JsonNode config) {
            String caBundle = decodeCa(config.path("caBundle").asText(""));
            JsonNode service = config.path("service");
            if (config.hasNonNull("url") || !service.isObject()) {
                return new ClientConfig(config.path("url").asText(""), "", "", 0, "", caBundle);
            }
            String path = service.path("path").asText("/");
            return new ClientConfig(null, service.path("namespace").asText(""), service.path("name").asText(""),
                    service.path("port").asInt(443), path.isEmpty() ? "/" : path, caBundle);
        }

        private static String decodeCa(String base64) {
            if (base64.isBlank()) {
                return "";
            }
            try {
                return new String(java.util.Base64.getMimeDecoder().decode(base64),
                        java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                // Not base64: keep it, the trust store will refuse it with a clear reason.
                return base64;
            }
        }
    }

    /** Reads one entry of {@code webhooks} of the configuration named {@code configuration}. */
    public static Webhook from(String configuration, JsonNode hook) {
        List<Rule> rules = new ArrayList<>();
        hook.path("rules").forEach(r -> rules.add(Rule.from(r)));
        int seconds = hook.path("timeoutSeconds").asInt(DEFAULT_TIMEOUT_SECONDS);
        if (seconds <= 0) {
            seconds = DEFAULT_TIMEOUT_SECONDS;
        }
        String sideEffects = hook.path("sideEffects").asText("Unknown");
        List<String> versions = Rule.strings(hook.path("admissionReviewVersions"));
        return new Webhook(hook.path("name").asText(""), configuration, ClientConfig.from(hook.path("clientConfig")),
                List.copyOf(rules), "Exact".equals(hook.path("matchPolicy").asText()),
                !"Ignore".equals(hook.path("failurePolicy").asText()),
                StructuredLabelSelector.from(hook.get("namespaceSelector")),
                StructuredLabelSelector.from(hook.get("objectSelector")),
                sideEffects.equals("None") || sideEffects.equals("NoneOnDryRun"),
                Duration.ofSeconds(Math.min(seconds, MAX_TIMEOUT_SECONDS)),
                versions.isEmpty() || versions.contains("v1"),
                "IfNeeded".equals(hook.path("reinvocationPolicy").asText()));
    }
}
