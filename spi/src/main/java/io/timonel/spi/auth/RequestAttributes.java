package io.timonel.spi.auth;

/**
 * What a request wants to do, as authorizers see it (Kubernetes' authorization attributes).
 *
 * @param user            the caller
 * @param verb            get, list, watch, create, update, patch, delete, deletecollection; or the
 *                        HTTP verb in lower case for non-resource requests
 * @param group           API group of the resource, empty for core
 * @param resource        plural resource name, empty for non-resource requests
 * @param subresource     e.g. {@code status}, empty when none
 * @param namespace       namespace, empty for cluster-scoped
 * @param name            object name, empty for collections
 * @param path            the request path, for non-resource requests such as {@code /healthz}
 * @param resourceRequest whether this is a request for a resource
 */
public record RequestAttributes(UserInfo user, String verb, String group, String resource, String subresource,
                                String namespace, String name, String path, boolean resourceRequest) {
}
