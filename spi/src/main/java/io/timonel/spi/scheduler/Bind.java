package io.timonel.spi.scheduler;

import java.util.concurrent.CompletionStage;

/**
 * Binds the pod to the node. Bind policies are tried in order until one does not answer
 * {@link Status#skip()}. Called on a binding thread; complete asynchronously.
 */
public interface Bind extends Policy {

    CompletionStage<Status> bind(CycleState state, PodInfo pod, String nodeName);
}
