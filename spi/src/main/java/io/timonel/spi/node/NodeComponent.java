package io.timonel.spi.node;

import org.pf4j.ExtensionPoint;

/**
 * A long-running part of a node: it runs on every server (for the server's own node) and in
 * every {@code timonel agent}, whether or not that process leads the controllers. It reaches the
 * cluster through the API like any client.
 */
public interface NodeComponent extends ExtensionPoint {

    /** A unique name: its settings are {@code controllers.<name>.*}, {@code enabled: "false"} disables it. */
    String name();

    /** Starts the component on a host thread; must return promptly (run work elsewhere). */
    void start(NodeContext context) throws Exception;

    /** Stops it and releases what it holds (but leaves the node's containers running); must not throw. */
    void stop();
}
