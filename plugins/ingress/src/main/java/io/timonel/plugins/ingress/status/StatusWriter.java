package io.timonel.plugins.ingress.status;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code status.loadBalancer.ingress} of the Ingresses a controller serves equal to where it
 * listens, and empties it on Ingresses it no longer serves when what is there is its own. Writes
 * only what differs from the informer's copy, so a sync with nothing changed writes nothing.
 */
public final class StatusWriter {
    private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);

    private final KubernetesClient client;

    public StatusWriter(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Brings every Ingress of {@code all} in line: {@code desired} on those {@code served} accepts,
     * none on the others that show {@code desired}.
     *
     * @return how many writes failed (they are tried again at the next sync)
     */
    public int sync(Collection<Ingress> all, Predicate<Ingress> served, List<IngressLoadBalancerIngress> desired) {
        int failed = 0;
        for (Ingress ingress : all) {
            List<IngressLoadBalancerIngress> current = current(ingress);
            List<IngressLoadBalancerIngress> wanted;
            if (served.test(ingress)) {
                wanted = desired;
            } else if (!current.isEmpty() && current.equals(desired)) {
                wanted = List.of();
            } else {
                continue;
            }
            if (!current.equals(wanted) && !write(ingress, wanted)) {
                failed++;
            }
        }
        return failed;
    }

    private boolean write(Ingress ingress, List<IngressLoadBalancerIngress> wanted) {
        String ns = ingress.getMetadata().getNamespace();
        String name = ingress.getMetadata().getName();
        try {
            client.network().v1().ingresses().inNamespace(ns).withName(name)
                    .editStatus(latest -> new IngressBuilder(latest).withNewStatus().withNewLoadBalancer()
                            .withIngress(wanted).endLoadBalancer().endStatus().build());
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warn("ingress: cannot write status of {}/{}: {}", ns, name, e.getMessage());
            }
            return e.getCode() == 404; // gone: nothing left to write
        }
    }

    private static List<IngressLoadBalancerIngress> current(Ingress ingress) {
        if (ingress.getStatus() == null || ingress.getStatus().getLoadBalancer() == null
                || ingress.getStatus().getLoadBalancer().getIngress() == null) {
            return List.of();
        }
        return ingress.getStatus().getLoadBalancer().getIngress();
    }
}
