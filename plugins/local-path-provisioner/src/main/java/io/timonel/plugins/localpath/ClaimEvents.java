package io.timonel.plugins.localpath;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Events on claims, for {@code kubectl describe pvc}: each reason is recorded once per claim (a
 * claim reconciled again does not repeat it). Recording is best effort: a failure is ignored.
 */
final class ClaimEvents {
    private static final String COMPONENT = "local-path-provisioner";
    private static final int REMEMBERED = 10_000;

    private final KubernetesClient client;
    private final Clock clock;
    private final Set<String> recorded = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    ClaimEvents(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    void normal(PersistentVolumeClaim claim, String reason, String message) {
        record(claim, "Normal", reason, message);
    }

    void warning(PersistentVolumeClaim claim, String reason, String message) {
        record(claim, "Warning", reason, message);
    }

    private void record(PersistentVolumeClaim claim, String type, String reason, String message) {
        synchronized (recorded) {
            if (!recorded.add(claim.getMetadata().getUid() + "/" + reason)) {
                return;
            }
        }
        String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        String namespace = claim.getMetadata().getNamespace();
        try {
            client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata().withName(claim.getMetadata().getName() + "." + Long.toHexString(System.nanoTime()))
                    .withNamespace(namespace).endMetadata()
                    .withNewInvolvedObject().withApiVersion("v1").withKind("PersistentVolumeClaim")
                    .withNamespace(namespace).withName(claim.getMetadata().getName())
                    .withUid(claim.getMetadata().getUid()).withResourceVersion(claim.getMetadata().getResourceVersion())
                    .endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(message)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .withReportingComponent(COMPONENT).withReportingInstance(COMPONENT)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .build()).create();
        } catch (KubernetesClientException ignored) {
            // events are a courtesy; the claim's state is what counts
        }
    }
}
