package io.timonel.plugins.admission.limitrange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.admission.resources.Forbidden;
import io.timonel.plugins.admission.resources.Pods;
import io.timonel.plugins.admission.resources.Quantity;
import io.timonel.plugins.admission.resources.ResourceList;
import io.timonel.spi.admission.AdmissionPlugin;
import io.timonel.spi.admission.AdmissionRequest;
import io.timonel.spi.admission.AdmissionResult;
import io.timonel.spi.admission.ObjectReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * Kubernetes' {@code LimitRanger} on pod creates, against the namespace's LimitRanges: first
 * fills in each container's missing requests and limits from the {@code Container} entries'
 * {@code defaultRequest} and {@code default}, then enforces {@code min}, {@code max} and
 * {@code maxLimitRequestRatio} per container and, for {@code Pod} entries, over the whole pod.
 *
 * <p>Kubernetes runs the checks again in the validating phase; here they run once, right after
 * defaulting, in the mutating phase, because the chain has one extension per plugin name and no
 * later plugin changes resources. Pod updates are not checked: a pod's resources are immutable.
 */
@Extension(ordinal = 10)
public final class LimitRangerAdmission implements AdmissionPlugin {
    static final String ANNOTATION = "kubernetes.io/limit-ranger";

    @Override
    public String name() {
        return "LimitRanger";
    }

    @Override
    public boolean mutating() {
        return true;
    }

    @Override
    public AdmissionResult admit(AdmissionRequest request) {
        if (!Pods.isPodCreate(request) || !request.object().path("spec").isObject()) {
            return AdmissionResult.allow();
        }
        List<LimitRangeItem> items = items(request.objects(), request.namespace());
        if (items.isEmpty()) {
            return AdmissionResult.allow();
        }
        ObjectNode pod = request.object().deepCopy();
        List<String> applied = new ArrayList<>();
        for (LimitRangeItem item : items) {
            if (item.type().equals(LimitRangeItem.CONTAINER)) {
                applyDefaults(pod, item, applied);
            }
        }
        List<String> errors = new ArrayList<>();
        ObjectNode checked = requestsDefaultToLimits(pod);
        for (LimitRangeItem item : items) {
            if (item.type().equals(LimitRangeItem.CONTAINER)) {
                for (JsonNode c : containers(checked)) {
                    JsonNode res = c.path("resources");
                    check(item, "Container", ResourceList.of(res.path("requests")), ResourceList.of(res.path("limits")),
                            errors);
                }
            } else if (item.type().equals(LimitRangeItem.POD)) {
                check(item, "Pod", ResourceList.podTotal(checked, "requests"), ResourceList.podTotal(checked, "limits"),
                        errors);
            }
        }
        if (!errors.isEmpty()) {
            // Kubernetes aggregates several errors as "[a, b]".
            return Forbidden.of(request, errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
        }
        if (applied.isEmpty()) {
            return AdmissionResult.allow();
        }
        ObjectNode annotations = ((ObjectNode) pod.with("metadata")).with("annotations");
        annotations.put(ANNOTATION, "LimitRanger plugin set: " + String.join("; ", applied));
        return AdmissionResult.mutated(pod);
    }

    private static List<LimitRangeItem> items(ObjectReader objects, String namespace) {
        List<LimitRangeItem> items = new ArrayList<>();
        for (JsonNode range : objects.list("", "limitranges", namespace)) {
            for (JsonNode item : range.path("spec").path("limits")) {
                items.add(LimitRangeItem.of(item));
            }
        }
        return items;
    }

    private static List<JsonNode> containers(JsonNode pod) {
        List<JsonNode> all = new ArrayList<>();
        pod.path("spec").path("initContainers").forEach(all::add);
        pod.path("spec").path("containers").forEach(all::add);
        return all;
    }

    /**
     * The pod as the API's defaulting will leave it, which runs after this plugin: a container's
     * missing request equals its limit. Kubernetes checks limits after that defaulting.
     */
    private static ObjectNode requestsDefaultToLimits(ObjectNode pod) {
        ObjectNode copy = pod.deepCopy();
        for (JsonNode node : containers(copy)) {
            JsonNode limits = node.path("resources").path("limits");
            if (node.path("resources") instanceof ObjectNode resources && limits.isObject() && limits.size() > 0) {
                ObjectNode requests = resources.path("requests").isObject()
                        ? (ObjectNode) resources.get("requests") : resources.putObject("requests");
                limits.fields().forEachRemaining(e -> {
                    if (!requests.has(e.getKey())) {
                        requests.set(e.getKey(), e.getValue());
                    }
                });
            }
        }
        return copy;
    }

    private static void applyDefaults(ObjectNode pod, LimitRangeItem item, List<String> applied) {
        for (JsonNode node : containers(pod)) {
            if (!(node instanceof ObjectNode c)) {
                continue;
            }
            String name = c.path("name").asText();
            ObjectNode resources = c.with("resources");
            fill(resources, "requests", item.defaultRequest(), "request", name, applied);
            fill(resources, "limits", item.defaultLimit(), "limit", name, applied);
            if (resources.isEmpty()) {
                c.remove("resources");
            }
        }
    }

    private static void fill(ObjectNode resources, String field, Map<String, Quantity> defaults, String word,
                             String container, List<String> applied) {
        if (defaults.isEmpty()) {
            return;
        }
        ObjectNode list = resources.path(field).isObject() ? (ObjectNode) resources.get(field) : null;
        for (Map.Entry<String, Quantity> d : defaults.entrySet()) {
            if (list != null && list.has(d.getKey())) {
                continue;
            }
            if (list == null) {
                list = resources.putObject(field);
            }
            list.put(d.getKey(), d.getValue().toString());
            applied.add(d.getKey() + " " + word + " for container " + container);
        }
    }

    /** Adds one message per broken constraint, worded as Kubernetes words them. */
    static void check(LimitRangeItem item, String kind, Map<String, Quantity> requests, Map<String, Quantity> limits,
                      List<String> errors) {
        item.min().forEach((r, min) -> {
            Quantity req = requests.get(r);
            Quantity lim = limits.get(r);
            if (req == null) {
                errors.add("minimum " + r + " usage per " + kind + " is " + min + ".  No request is specified");
            } else if (req.compareTo(min) < 0) {
                errors.add("minimum " + r + " usage per " + kind + " is " + min + ", but request is " + req);
            } else if (lim != null && lim.compareTo(min) < 0) {
                errors.add("minimum " + r + " usage per " + kind + " is " + min + ", but limit is " + lim);
            }
        });
        item.max().forEach((r, max) -> {
            Quantity req = requests.get(r);
            Quantity lim = limits.get(r);
            if (lim == null) {
                errors.add("maximum " + r + " usage per " + kind + " is " + max + ".  No limit is specified");
            } else if (lim.compareTo(max) > 0) {
                errors.add("maximum " + r + " usage per " + kind + " is " + max + ", but limit is " + lim);
            } else if (req != null && req.compareTo(max) > 0) {
                errors.add("maximum " + r + " usage per " + kind + " is " + max + ", but request is " + req);
            }
        });
        item.maxLimitRequestRatio().forEach((r, ratio) -> {
            Quantity req = requests.get(r);
            Quantity lim = limits.get(r);
            if (req == null || req.isZero()) {
                errors.add(r + " max limit to request ratio per " + kind + " is " + ratio
                        + ", but no request is specified or request is 0");
            } else if (lim == null || lim.isZero()) {
                errors.add(r + " max limit to request ratio per " + kind + " is " + ratio
                        + ", but no limit is specified or limit is 0");
            } else {
                BigDecimal observed = lim.value().divide(req.value(), 6, RoundingMode.HALF_UP);
                if (observed.compareTo(ratio.value()) > 0) {
                    errors.add(r + " max limit to request ratio per " + kind + " is " + ratio
                            + ", but provided ratio is " + observed.setScale(6, RoundingMode.HALF_UP).toPlainString());
                }
            }
        });
    }
}
