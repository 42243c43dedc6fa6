package io.timonel.spi.network;

import java.util.List;
import java.util.Optional;

/**
 * The pod network of one node. Calls for one sandbox never overlap; calls for different
 * sandboxes may run at the same time.
 */
public interface PodNetwork extends AutoCloseable {

    /**
     * The node's pod CIDRs ({@code Node.spec.podCIDRs}) are known or changed. Called before the
     * first {@link #attach}; also writes what runtimes that wire pods themselves read (for example
     * the CNI configuration containerd's CRI plugin uses).
     */
    void configure(List<String> podCidrs);

    /**
     * Gives the sandbox whose network namespace is {@link PodAttachment#netnsPath()} its
     * interface, address and host ports. Attaching an already attached sandbox returns its
     * addresses again.
     *
     * @throws IllegalStateException when the network cannot attach it (no pod CIDR yet, addresses
     *                               exhausted, a plugin failed); the message says why
     */
    PodAddresses attach(PodAttachment pod);

    /** Releases the sandbox's address and host ports; a sandbox not attached is no error. */
    void detach(PodAttachment pod);

    /** The addresses of an attached sandbox, also after the agent restarted; empty if not attached. */
    Optional<PodAddresses> addresses(String sandboxId);

    @Override
    void close();
}
