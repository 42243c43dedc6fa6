/**
 * Components that run on every node rather than on the elected leader: the node agent (the
 * kubelet's job) and anything else a node hosts. {@link io.timonel.spi.node.NodeComponent} is
 * the extension point, {@link io.timonel.spi.node.NodeContext} what it is given.
 */
package io.timonel.spi.node;
