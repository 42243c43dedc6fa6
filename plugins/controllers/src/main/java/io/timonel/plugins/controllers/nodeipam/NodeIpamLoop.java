package io.timonel.plugins.controllers.nodeipam;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.timonel.plugins.controllers.kit.ControlLoop;
import io.timonel.plugins.controllers.kit.ControllerRuntime;
import io.timonel.plugins.controllers.kit.EventRecorder;
import io.timonel.plugins.controllers.kit.Handlers;
import io.timonel.plugins.controllers.kit.ReconcileLoop;
import io.timonel.plugins.controllers.kit.Reconciler.Result;
import io.timonel.plugins.controllers.kit.WorkQueue;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every Node a pod CIDR of its own, as kube-controller-manager's node IPAM does with
 * {@code --allocate-node-cidrs}: a Node without {@code spec.podCIDR} gets the lowest free subnet of
 * the cluster CIDR (settings {@code cluster-cidr}, default {@value #DEFAULT_CLUSTER_CIDR}, and
 * {@code node-cidr-mask-size}, default {@value #DEFAULT_MASK}) in {@code spec.podCIDR} and
 * {@code spec.podCIDRs}; a deleted Node's subnet is free again. Before it hands out anything it
 * marks every subnet existing Nodes hold, so a restarted (or newly elected) loop never gives one
 * out twice. One worker: the free set is this loop's alone.
 */
public final class NodeIpamLoop implements ControlLoop {
    static final String DEFAULT_CLUSTER_CIDR = "10.42.0.0/16";
    static final int DEFAULT_MASK = 24;
    private static final Logger LOG = LoggerFactory.getLogger(NodeIpamLoop.class);

    private ControllerRuntime runtime;
    private SharedIndexInformer<Node> nodes;
    private WorkQueue queue;
    private ReconcileLoop loop;
    private EventRecorder events;
    private CidrSet cidrs;
    /** What this loop knows each Node holds, including writes its cache has not shown yet. */
    private final Map<String, String> held = new HashMap<>();

    @Override
    public String name() {
        return "nodeipam";
    }

    @Override
    public void prepare(ControllerRuntime runtime) {
        this.runtime = runtime;
        String setting = runtime.settings().get("cluster-cidr");
        cidrs = CidrSet.of(setting == null || setting.isBlank() ? DEFAULT_CLUSTER_CIDR : setting.trim(),
                runtime.intSetting("node-cidr-mask-size", DEFAULT_MASK));
        queue = runtime.newQueue();
        events = runtime.events("cidrAllocator");
        nodes = runtime.informers().of(Node.class);
        nodes.addEventHandler(Handlers.enqueue(queue));
        loop = new ReconcileLoop(name(), queue, this::reconcile);
    }

    @Override
    public void run() {
        // the caches are full: take what the Nodes hold before giving anything out
        synchronized (held) {
            for (Node node : nodes.getStore().list()) {
                podCidr(node).ifPresent(cidr -> take(node.getMetadata().getName(), cidr));
            }
        }
        loop.start(1);
    }

    Result reconcile(String name) {
        synchronized (held) {
            Node node = nodes.getStore().getByKey(name);
            if (node == null) {
                String freed = held.remove(name);
                if (freed != null) {
                    cidrs.release(freed);
                    LOG.info("nodeipam: released {} of deleted node {}", freed, name);
                }
                return Result.done();
            }
            Optional<String> has = podCidr(node);
            if (has.isPresent()) {
                take(name, has.get());
                return Result.done();
            }
            String cidr = held.get(name); // given before, not yet in the cache: write the same again
            if (cidr == null) {
                Optional<String> free = cidrs.allocate();
                if (free.isEmpty()) {
                    events.warning(node, "CIDRNotAvailable", "Node " + name + " status is now: CIDRNotAvailable");
                    return Result.after(Duration.ofSeconds(30));
                }
                cidr = free.get();
                held.put(name, cidr);
            }
            try {
                runtime.client().nodes().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"podCIDR\":\"" + cidr + "\",\"podCIDRs\":[\"" + cidr + "\"]}}");
                LOG.info("nodeipam: node {} gets pod CIDR {}", name, cidr);
                events.normal(node, "CIDRAssignmentSucceeded", "Node " + name + " got pod CIDR " + cidr);
                return Result.done();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    cidrs.release(held.remove(name));
                    return Result.done();
                }
                return Result.retry();
            }
        }
    }

    /** Records that {@code node} holds {@code cidr}; a subnet outside the cluster CIDR is only logged. */
    private void take(String node, String cidr) {
        String before = held.put(node, cidr);
        if (before != null && !before.equals(cidr)) {
            cidrs.release(before);
        }
        if (!cidrs.occupy(cidr) && !cidr.equals(before)) {
            LOG.warn("nodeipam: node {} holds pod CIDR {}, which is not a subnet of the cluster CIDR", node, cidr);
        }
    }

    private static Optional<String> podCidr(Node node) {
        if (node.getSpec() == null) {
            return Optional.empty();
        }
        String cidr = node.getSpec().getPodCIDR();
        if ((cidr == null || cidr.isBlank()) && node.getSpec().getPodCIDRs() != null
                && !node.getSpec().getPodCIDRs().isEmpty()) {
            cidr = node.getSpec().getPodCIDRs().get(0);
        }
        return cidr == null || cidr.isBlank() ? Optional.empty() : Optional.of(cidr);
    }

    @Override
    public void stop() {
        if (loop != null) {
            loop.close();
        }
    }
}
