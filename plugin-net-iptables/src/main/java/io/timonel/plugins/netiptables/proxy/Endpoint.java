package io.timonel.plugins.netiptables.proxy;

/**
 * One backend of a Service port, from an EndpointSlice.
 *
 * @param ip          its IPv4 address
 * @param port        the port traffic goes to
 * @param ready       the {@code ready} condition (unset counts as ready)
 * @param serving     the {@code serving} condition (unset: as {@code ready})
 * @param terminating the {@code terminating} condition (unset: false)
 * @param local       whether it runs on this node ({@code nodeName}), for the traffic policy Local and hairpin
 */
public record Endpoint(String ip, int port, boolean ready, boolean serving, boolean terminating, boolean local) {

    /** A ready endpoint that is not terminating. */
    public static Endpoint ready(String ip, int port, boolean local) {
        return new Endpoint(ip, port, true, true, false, local);
    }

    /** {@code ip:port}, the DNAT destination. */
    public String destination() {
        return ip + ":" + port;
    }
}
