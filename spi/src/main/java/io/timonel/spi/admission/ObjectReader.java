package io.timonel.spi.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Read access to the cluster's current objects, for admission plugins that decide from other
 * objects (a namespace's labels, the LimitRanges or ResourceQuotas of a namespace). Reads come
 * from the API server's watch cache: fast, and current as of the moment of the call. The trees
 * returned are shared and must not be modified.
 */
public interface ObjectReader {

    /**
     * One object.
     *
     * @param group     API group, empty for core
     * @param resource  plural resource name, e.g. {@code namespaces}
     * @param namespace namespace, empty for cluster-scoped objects
     * @param name      object name
     */
    Optional<JsonNode> get(String group, String resource, String namespace, String name);

    /** The objects of a resource in a namespace (empty namespace: all namespaces, or cluster-scoped). */
    List<JsonNode> list(String group, String resource, String namespace);
}
