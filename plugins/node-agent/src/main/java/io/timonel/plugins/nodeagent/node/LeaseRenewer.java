package io.timonel.plugins.nodeagent.node;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the node's Lease in {@code kube-node-lease}: the heartbeat the node lifecycle controller
 * watches. Keeps the Lease it last wrote and updates it in one request (optimistic concurrency);
 * a conflict or a missing Lease is resolved by reading or creating it. Not thread-safe.
 */
public final class LeaseRenewer {
    public static final String NAMESPACE = "kube-node-lease";
    public static final int DURATION_SECONDS = 40;
    private static final Logger LOG = LoggerFactory.getLogger(LeaseRenewer.class);

    private final KubernetesClient client;
    private final Clock clock;
    private final String nodeName;
    private final Supplier<String> nodeUid;
    private Lease last;

    /** @param nodeUid the Node's uid when known (the Lease is owned by it and goes with it) */
    public LeaseRenewer(KubernetesClient client, Clock clock, String nodeName, Supplier<String> nodeUid) {
        this.client = client;
        this.clock = clock;
        this.nodeName = nodeName;
        this.nodeUid = nodeUid;
    }

    /** Renews the Lease once; returns whether it was written. */
    public boolean renew() {
        try {
            if (last == null) {
                last = client.leases().inNamespace(NAMESPACE).withName(nodeName).get();
                if (last == null) {
                    last = client.leases().inNamespace(NAMESPACE).resource(fresh()).create();
                    return true;
                }
            }
            Lease next = new LeaseBuilder(last).editSpec().withHolderIdentity(nodeName)
                    .withLeaseDurationSeconds(DURATION_SECONDS).withRenewTime(now()).endSpec().build();
            last = client.leases().inNamespace(NAMESPACE).resource(next).update();
            return true;
        } catch (KubernetesClientException e) {
            last = null; // read it again next time
            if (e.getCode() != 409 && e.getCode() != 404) {
                LOG.warn("node {}: lease not renewed ({})", nodeName, e.getMessage());
            }
            return false;
        }
    }

    private Lease fresh() {
        LeaseBuilder b = new LeaseBuilder().withNewMetadata().withName(nodeName).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withHolderIdentity(nodeName).withLeaseDurationSeconds(DURATION_SECONDS)
                .withRenewTime(now()).endSpec();
        String uid = nodeUid.get();
        if (uid != null) {
            b.editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node")
                    .withName(nodeName).withUid(uid).build()).endMetadata();
        }
        return b.build();
    }

    private ZonedDateTime now() {
        return ZonedDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }
}
