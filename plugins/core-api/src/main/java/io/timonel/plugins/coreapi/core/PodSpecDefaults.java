package io.timonel.plugins.coreapi.core;

import static io.timonel.plugins.coreapi.support.Json.defaultBoolean;
import static io.timonel.plugins.coreapi.support.Json.defaultInt;
import static io.timonel.plugins.coreapi.support.Json.defaultLong;
import static io.timonel.plugins.coreapi.support.Json.defaultText;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.coreapi.support.Json;

/**
 * Kubernetes' defaults for a PodSpec (k8s.io/kubernetes/pkg/apis/core/v1/defaults.go, everyday
 * fields), applied to pods and to the pod templates of workloads. Idempotent. The service
 * account is filled in by admission, not here.
 */
public final class PodSpecDefaults {

    private PodSpecDefaults() {
    }

    /** Defaults {@code spec} in place; {@code restartPolicy} is left to the caller when it differs. */
    public static void apply(ObjectNode spec) {
        defaultText(spec, "restartPolicy", "Always");
        defaultText(spec, "dnsPolicy", "ClusterFirst");
        defaultText(spec, "schedulerName", "default-scheduler");
        defaultLong(spec, "terminationGracePeriodSeconds", 30);
        defaultBoolean(spec, "enableServiceLinks", true);
        Json.object(spec, "securityContext");
        for (String list : new String[] {"containers", "initContainers", "ephemeralContainers"}) {
            Json.objects(spec, list).forEach(PodSpecDefaults::container);
        }
        Json.objects(spec, "volumes").forEach(PodSpecDefaults::volume);
    }

    private static void container(ObjectNode container) {
        defaultText(container, "terminationMessagePath", "/dev/termination-log");
        defaultText(container, "terminationMessagePolicy", "File");
        String image = Json.text(container, "image");
        if (image != null) {
            defaultText(container, "imagePullPolicy", pullPolicyFor(image));
        }
        for (ObjectNode port : Json.objects(container, "ports")) {
            defaultText(port, "protocol", "TCP");
        }
        ObjectNode resources = Json.object(container, "resources");
        // Requests default to limits, resource by resource.
        ObjectNode limits = Json.objectOrNull(resources, "limits");
        if (limits != null && limits.size() > 0) {
            ObjectNode requests = Json.object(resources, "requests");
            limits.fields().forEachRemaining(e -> {
                if (!requests.has(e.getKey())) {
                    requests.set(e.getKey(), e.getValue().deepCopy());
                }
            });
        }
        for (String probe : new String[] {"livenessProbe", "readinessProbe", "startupProbe"}) {
            ObjectNode p = Json.objectOrNull(container, probe);
            if (p != null) {
                defaultInt(p, "timeoutSeconds", 1);
                defaultInt(p, "periodSeconds", 10);
                defaultInt(p, "successThreshold", 1);
                defaultInt(p, "failureThreshold", 3);
                ObjectNode http = Json.objectOrNull(p, "httpGet");
                if (http != null) {
                    defaultText(http, "path", "/");
                    defaultText(http, "scheme", "HTTP");
                }
            }
        }
        for (ObjectNode env : Json.objects(container, "env")) {
            ObjectNode fieldRef = Json.objectOrNull(Json.objectOrNull(env, "valueFrom"), "fieldRef");
            if (fieldRef != null) {
                defaultText(fieldRef, "apiVersion", "v1");
            }
        }
    }

    private static void volume(ObjectNode volume) {
        boolean hasSource = false;
        var fields = volume.fieldNames();
        while (fields.hasNext()) {
            if (!fields.next().equals("name")) {
                hasSource = true;
            }
        }
        if (!hasSource) {
            volume.putObject("emptyDir");
        }
        for (String source : new String[] {"configMap", "secret", "downwardAPI", "projected"}) {
            ObjectNode s = Json.objectOrNull(volume, source);
            if (s != null) {
                defaultInt(s, "defaultMode", 420);
            }
        }
        ObjectNode hostPath = Json.objectOrNull(volume, "hostPath");
        if (hostPath != null) {
            defaultText(hostPath, "type", "");
        }
    }

    /**
     * Always for {@code :latest} or untagged images (they may change under the same name),
     * IfNotPresent for any other tag or a digest.
     */
    static String pullPolicyFor(String image) {
        if (image.contains("@")) {
            return "IfNotPresent";
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon <= slash) {
            return "Always";
        }
        return image.substring(colon + 1).equals("latest") ? "Always" : "IfNotPresent";
    }
}
