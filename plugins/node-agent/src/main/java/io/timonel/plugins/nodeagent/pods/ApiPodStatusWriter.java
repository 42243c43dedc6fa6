package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes pod statuses with PUT on {@code pods/status} (optimistic concurrency, retried on conflict). */
public final class ApiPodStatusWriter implements PodStatusWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ApiPodStatusWriter.class);
    private static final int ATTEMPTS = 4;

    private final KubernetesClient client;

    public ApiPodStatusWriter(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public boolean write(Pod pod, PodStatus status) {
        Pod target = new PodBuilder(pod).withStatus(status).build();
        String ns = pod.getMetadata().getNamespace();
        String uid = pod.getMetadata().getUid();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                client.pods().inNamespace(ns).resource(target).updateStatus();
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return false;
                }
                if (e.getCode() != 409) {
                    LOG.warn("status of pod {}/{} not written: {}", ns, pod.getMetadata().getName(), e.getMessage());
                    return false;
                }
            }
            Pod latest = client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).get();
            if (latest == null || !uid.equals(latest.getMetadata().getUid())) {
                return false;
            }
            if (PodStatuses.isTerminal(latest.getStatus()) && !PodStatuses.isTerminal(status)) {
                return false; // someone else ended it: never take a pod back from a final phase
            }
            target = new PodBuilder(latest).withStatus(PodStatuses.merge(latest.getStatus(), status)).build();
        }
        return false;
    }

    @Override
    public boolean delete(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"DeleteOptions\",\"gracePeriodSeconds\":0,"
                + "\"preconditions\":{\"uid\":\"" + pod.getMetadata().getUid() + "\"}}";
        String url = client.getMasterUrl().toString().replaceAll("/+$", "") + "/api/v1/namespaces/" + ns + "/pods/"
                + name;
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder().uri(url).method("DELETE", "application/json", body)
                .timeout(30, TimeUnit.SECONDS).build();
        try {
            HttpResponse<String> response = http.sendAsync(request, String.class).get(60, TimeUnit.SECONDS);
            int code = response.code();
            if (code >= 300 && code != 404 && code != 409) {
                LOG.warn("deleting pod {}/{} failed: {} {}", ns, name, code, response.body());
                return false;
            }
            return true;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("deleting pod {}/{} failed: {}", ns, name, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
