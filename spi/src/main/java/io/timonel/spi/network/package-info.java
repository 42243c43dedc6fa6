/**
 * The pod network of one node: how the node agent gives each pod sandbox its interface and
 * address. A network plugin provides a {@link io.timonel.spi.network.PodNetworkProvider}; the agent
 * opens the one its {@code network} setting names once the node has a pod CIDR, tells it the node's
 * CIDRs, and then attaches every sandbox that is not {@code hostNetwork} and whose runtime does not
 * wire pods itself (see {@link io.timonel.spi.runtime.ContainerRuntime#wiresPodNetwork()}).
 */
package io.timonel.spi.network;
