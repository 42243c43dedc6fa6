package io.timonel.spi.scheduler;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The few cluster operations policies need, through the API server as the scheduler's identity.
 * Writes are asynchronous and complete with a {@link Status} (an error status, not an exception,
 * when the API refuses); reads answer from the scheduler's informer caches.
 */
public interface ClusterAccess {

    /** POST {@code pods/{name}/binding} assigning the pod to {@code nodeName}. */
    CompletionStage<Status> bind(Pod pod, String nodeName);

    /** Deletes a pod (a preemption victim), recording {@code reason} in an event on it. */
    CompletionStage<Status> evict(Pod victim, Pod preemptor, String reason);

    /** Sets {@code status.nominatedNodeName} of the pod ({@code null} clears it). */
    CompletionStage<Status> nominate(Pod pod, String nodeName);

    /** The claim, from the cache; empty when it does not exist. */
    Optional<PersistentVolumeClaim> claim(String namespace, String name);

    /** {@code volumeBindingMode} of the StorageClass, from the cache; empty when it does not exist. */
    Optional<String> volumeBindingMode(String storageClassName);
}
