/**
 * The ingress controller plugin (id {@code ingress}): serves the Ingresses of IngressClass
 * {@code timonel} (controller {@code timonel.io/ingress}) through a reverse proxy on Undertow.
 *
 * <ul>
 *   <li>{@link io.timonel.plugins.ingress.IngressController} — the leader-run {@code Controller}:
 *       informers feed one sync thread that rebuilds and swaps the proxy's snapshot and writes status;</li>
 *   <li>{@code routing} — the immutable {@code RouteTable}: host (exact, wildcard, none) then path
 *       (Exact, Prefix element-wise, longest first) to a {@code BackendRef}, or the default backend;</li>
 *   <li>{@code backends} — Service port to ready EndpointSlice addresses ({@code Upstream}, round robin);</li>
 *   <li>{@code tls} — certificates from {@code kubernetes.io/tls} Secrets chosen per handshake by SNI;</li>
 *   <li>{@code proxy} — the Undertow listeners, the routing handler (404/503) and the proxy client;</li>
 *   <li>{@code status} — {@code status.loadBalancer.ingress} from the node's InternalIPs and the ports.</li>
 * </ul>
 */
package io.timonel.plugins.ingress;
