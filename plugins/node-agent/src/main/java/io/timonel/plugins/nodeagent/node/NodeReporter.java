package io.timonel.plugins.nodeagent.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the node and keeps its status current: each {@link #sync()} creates the Node when it
 * is missing (deleted nodes are registered again, as the kubelet does), adds missing labels, and
 * writes the status when it says something new, or when {@code reportEvery} passed since the
 * last write. Not thread-safe: one caller at a time.
 */
public final class NodeReporter {
    private static final Logger LOG = LoggerFactory.getLogger(NodeReporter.class);

    private final KubernetesClient client;
    private final Clock clock;
    private final Supplier<NodeFacts> facts;
    private final Duration reportEvery;
    private Instant lastWrite = Instant.MIN;
    private volatile String uid;
    private volatile boolean registered;

    public NodeReporter(KubernetesClient client, Clock clock, Supplier<NodeFacts> facts, Duration reportEvery) {
        this.client = client;
        this.clock = clock;
        this.facts = facts;
        this.reportEvery = reportEvery;
    }

    /** The Node's uid once registered (its Lease is owned by it), else null. */
    public String uid() {
        return uid;
    }

    /** True once the Node exists. */
    public boolean registered() {
        return registered;
    }

    /** Forces the next {@link #sync()} to write the status. */
    public void markChanged() {
        lastWrite = Instant.MIN;
    }

    /** One round: register or report; API failures are logged and left to the next round. */
    public synchronized void sync() {
        NodeFacts now = facts.get();
        try {
            Node node = client.nodes().withName(now.nodeName()).get();
            if (node == null) {
                node = register(now);
                if (node == null) {
                    return;
                }
            }
            uid = node.getMetadata().getUid();
            registered = true;
            node = ensureLabels(node, now);
            report(node, now);
        } catch (KubernetesClientException e) {
            LOG.warn("node {}: status not written ({}); trying again", now.nodeName(), e.getMessage());
        }
    }

    private Node register(NodeFacts now) {
        try {
            Node created = client.nodes().resource(NodeManifest.node(now, clock.instant())).create();
            LOG.info("registered node {} ({}, {})", now.nodeName(), now.internalIp(),
                    now.runtimeUp() ? now.runtimeVersion() : "runtime down");
            lastWrite = Instant.MIN; // write the status too: the server may have kept only part of it
            return created;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return client.nodes().withName(now.nodeName()).get();
            }
            LOG.warn("registering node {} failed: {}; trying again", now.nodeName(), e.getMessage());
            return null;
        }
    }

    private Node ensureLabels(Node node, NodeFacts now) {
        Map<String, String> have = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        Map<String, String> want = NodeManifest.labels(now);
        if (want.entrySet().stream().allMatch(e -> e.getValue().equals(have.get(e.getKey())))) {
            return node;
        }
        return client.nodes().withName(now.nodeName())
                .edit(n -> new NodeBuilder(n).editMetadata().addToLabels(want).endMetadata().build());
    }

    private void report(Node node, NodeFacts now) {
        NodeStatus current = node.getStatus();
        List<NodeCondition> previous = current == null || current.getConditions() == null ? List.of()
                : current.getConditions();
        Instant t = clock.instant();
        NodeStatus desired = NodeManifest.merge(current, NodeManifest.status(now, previous, t));
        boolean due = !lastWrite.isAfter(t.minus(reportEvery));
        if (!due && NodeManifest.sameApartFromHeartbeats(current, desired)) {
            return;
        }
        node.setStatus(desired);
        client.nodes().resource(node).updateStatus();
        lastWrite = t;
    }
}
