/**
 * The container runtime interface, shaped after Kubernetes' CRI: a
 * {@link io.timonel.spi.runtime.ContainerRuntimeProvider} opens a
 * {@link io.timonel.spi.runtime.ContainerRuntime} that runs pod sandboxes and their containers,
 * holds images, and streams logs, exec and attach sessions. The runtime is deliberately dumb:
 * the node agent decides what runs, and finds its sandboxes and containers again by the labels it
 * gave them.
 */
package io.timonel.spi.runtime;
