package io.timonel.plugins.admission.limitrange;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.plugins.admission.resources.Quantity;
import io.timonel.plugins.admission.resources.ResourceList;
import java.util.Map;
import java.util.TreeMap;

/**
 * One entry of a LimitRange's {@code spec.limits}, with Kubernetes' defaulting of Container
 * entries applied (a missing default is the max; a missing default request is the default, else
 * the min), so that a LimitRange stored without those defaults still behaves as in Kubernetes.
 */
record LimitRangeItem(String type, Map<String, Quantity> min, Map<String, Quantity> max,
                      Map<String, Quantity> defaultLimit, Map<String, Quantity> defaultRequest,
                      Map<String, Quantity> maxLimitRequestRatio) {

    static final String CONTAINER = "Container";
    static final String POD = "Pod";

    static LimitRangeItem of(JsonNode item) {
        String type = item.path("type").asText("");
        Map<String, Quantity> min = ResourceList.of(item.path("min"));
        Map<String, Quantity> max = ResourceList.of(item.path("max"));
        Map<String, Quantity> defaults = new TreeMap<>(ResourceList.of(item.path("default")));
        Map<String, Quantity> defaultRequest = new TreeMap<>(ResourceList.of(item.path("defaultRequest")));
        if (type.equals(CONTAINER)) {
            max.forEach(defaults::putIfAbsent);
            defaults.forEach(defaultRequest::putIfAbsent);
            min.forEach(defaultRequest::putIfAbsent);
        }
        return new LimitRangeItem(type, min, max, defaults, defaultRequest,
                ResourceList.of(item.path("maxLimitRequestRatio")));
    }
}
