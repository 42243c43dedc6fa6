package io.timonel.kernel.admission.webhook;

import static io.timonel.kernel.admission.webhook.WebhookFixtures.configMap;
import static io.timonel.kernel.admission.webhook.WebhookFixtures.create;
import static io.timonel.kernel.admission.webhook.WebhookFixtures.hook;
import static io.timonel.kernel.admission.webhook.WebhookFixtures.validating;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.timonel.spi.admission.AdmissionRequest;
import io.timonel.spi.admission.AdmissionResult;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Measures what a no-op validating webhook on loopback adds to a write: the time of the plugin's
 * {@code admit} with one allowing webhook. Prints p50/p99; asserts only that every call passed,
 * since timing depends on the machine.
 */
class NoOpWebhookLatencyTest {
    private static final int WARM_UP = 500;
    private static final int MEASURED = 2_000;

    @Test
    void noOpValidatingWebhookLatency() throws Exception {
        ExecutorService io = Executors.newCachedThreadPool();
        try (WebhookServer server = WebhookServer.start(WebhookServer.pki(), WebhookServer.allow())) {
            ValidatingAdmissionWebhook plugin = new ValidatingAdmissionWebhook(new WebhookCaller(io));
            WebhookFixtures.Objects objects = new WebhookFixtures.Objects().namespace("default")
                    .validating(validating("noop", hook("noop.example.com", server.url("/"), server.caBundle())));
            AdmissionRequest request = create(WebhookFixtures.CONFIGMAPS, "default", configMap("cm"), objects);
            for (int i = 0; i < WARM_UP; i++) {
                assertInstanceOf(AdmissionResult.Allowed.class, plugin.admit(request));
            }
            long[] nanos = new long[MEASURED];
            for (int i = 0; i < MEASURED; i++) {
                long start = System.nanoTime();
                AdmissionResult result = plugin.admit(request);
                nanos[i] = System.nanoTime() - start;
                assertInstanceOf(AdmissionResult.Allowed.class, result);
            }
            Arrays.sort(nanos);
            System.out.printf("no-op validating webhook on loopback: p50 %.3f ms, p99 %.3f ms, max %.3f ms (n=%d)%n",
                    nanos[MEASURED / 2] / 1e6, nanos[MEASURED * 99 / 100] / 1e6, nanos[MEASURED - 1] / 1e6,
                    MEASURED);
        } finally {
            io.shutdownNow();
        }
    }
}
