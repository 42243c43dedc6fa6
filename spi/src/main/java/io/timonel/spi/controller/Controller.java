package io.timonel.spi.controller;

import org.pf4j.ExtensionPoint;

/**
 * A control loop that converges the cluster's actual state to its declared state by watching
 * and writing objects through the API, like any client. The kernel starts every enabled
 * controller once the API server is ready, on the elected leader only, and stops it when the
 * server stops or leadership is lost; a server that leads again starts it again, so
 * {@link #start} and {@link #stop} may alternate (each start after a stop begins afresh).
 * Reconcile level-based: re-read the state each time and be idempotent, so a restart or a
 * missed event changes nothing.
 */
public interface Controller extends ExtensionPoint {

    /** A unique name, used in configuration to enable or disable it and as its API identity. */
    String name();

    /** Starts the loop, on a kernel thread; must return promptly (run work elsewhere). */
    void start(ControllerContext context) throws Exception;

    /** Stops the loop and releases what it holds; must not throw. */
    void stop();
}
