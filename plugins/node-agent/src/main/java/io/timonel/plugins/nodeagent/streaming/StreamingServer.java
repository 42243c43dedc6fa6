package io.timonel.plugins.nodeagent.streaming;

import io.timonel.spi.node.NodeContext;
import io.timonel.spi.runtime.ContainerRuntime;

/**
 * The agent's HTTPS endpoint for the API server: container logs, exec, attach and port-forward
 * of the pods on this node (what kubectl reaches through {@code pods/log}, {@code pods/exec},
 * {@code pods/attach} and {@code pods/portforward}).
 */
public final class StreamingServer implements AutoCloseable {

    public StreamingServer(ContainerRuntime runtime, PodLocator pods, NodeContext context) {
        // to be written (streaming helper)
    }

    /** Listens on {@code port} (0: any free port) of every address; returns the port. */
    public int start(int port) {
        return port;
    }

    @Override
    public void close() {
    }
}
