package io.timonel.plugins.netiptables.proxy;

import java.util.List;

/**
 * Where the Service proxy's forwarding state lives: iptables chains ({@link ProxySync}) or an
 * nftables table ({@code nft.NftSync}), chosen by {@code controllers.service-proxy.mode}. The
 * proxy hands it the whole list of service ports at each sync; the data plane decides what to
 * rewrite.
 *
 * <p>Not thread-safe: the proxy's sync thread (or a benchmark) is the only caller.
 */
public interface DataPlane {

    /**
     * Brings the node to what {@code ports} ask for, in one transaction. {@code full} forces a
     * full sync (also made after a failure); otherwise only what changed since the last successful
     * sync is written. Never throws for a failed command: the outcome says why.
     */
    ProxySync.Outcome sync(List<ServicePort> ports, boolean full);

    /** Removes everything this data plane put on the node (as found there now). */
    Cleanup removeAll();

    /**
     * What {@link #removeAll} did.
     *
     * @param ok     whether nothing of the data plane is left
     * @param detail on failure the command's error output, else empty
     */
    record Cleanup(boolean ok, String detail) {
    }
}
