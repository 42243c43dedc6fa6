package io.timonel.plugins.controllers.kit;

/**
 * One built-in control loop of the controller manager (the ReplicaSet loop, the Job loop...).
 * The manager first {@link #prepare prepares} every enabled loop, so that they all register the
 * informers they read, then starts the informers, waits until every cache is filled, and only
 * then {@link #run runs} the loops: a loop never acts on a half-listed cache (a ReplicaSet that saw
 * none of its pods yet would create them all again).
 */
public interface ControlLoop {

    /** The loop's name, as in the {@code controllers} setting (e.g. {@code replicaset}). */
    String name();

    /** Registers informers and event handlers; must not write anything yet. */
    void prepare(ControllerRuntime runtime);

    /** Starts the loop's workers; informers have synced. */
    void run();

    /** Stops the workers. */
    void stop();
}
