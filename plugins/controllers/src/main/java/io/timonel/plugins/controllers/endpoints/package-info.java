/**
 * Service endpoints, as Kubernetes' endpoints and endpointslice controllers and the API server's
 * {@code kubernetes} Service keep them: {@link io.timonel.plugins.controllers.endpoints.EndpointsLoop},
 * {@link io.timonel.plugins.controllers.endpoints.EndpointSliceLoop},
 * {@link io.timonel.plugins.controllers.endpoints.KubernetesServiceLoop}. What goes into them is
 * computed by pure functions ({@code Subsets}, {@code DesiredSlices}, {@code SlicePlan}) tested beside them.
 */
package io.timonel.plugins.controllers.endpoints;
