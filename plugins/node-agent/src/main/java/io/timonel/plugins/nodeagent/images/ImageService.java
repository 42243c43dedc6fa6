package io.timonel.plugins.nodeagent.images;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.timonel.plugins.nodeagent.Outcome;
import io.timonel.plugins.nodeagent.events.PodEvents;
import io.timonel.plugins.nodeagent.pods.Backoff;
import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.ImageInfo;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a container's image present as its imagePullPolicy says, with the kubelet's reasons and
 * events: {@code ErrImageNeverPull} for a missing image that may not be pulled,
 * {@code ErrImagePull} when a pull fails, then {@code ImagePullBackOff} while the next pull
 * waits its back-off (10 s doubling to 5 min). Thread-safe.
 */
public final class ImageService {
    public static final String ERR_IMAGE_NEVER_PULL = "ErrImageNeverPull";
    public static final String ERR_IMAGE_PULL = "ErrImagePull";
    public static final String IMAGE_PULL_BACKOFF = "ImagePullBackOff";

    private final ContainerRuntime runtime;
    private final PodEvents events;
    private final Clock clock;
    private final Backoff backoff;
    /** Per pod uid and image, when its last pull failed. */
    private final Map<String, Instant> failures = new ConcurrentHashMap<>();

    public ImageService(ContainerRuntime runtime, PodEvents events, Clock clock) {
        this.runtime = runtime;
        this.events = events;
        this.clock = clock;
        this.backoff = Backoff.containers(clock);
    }

    /**
     * The container's image, present in the runtime, or why not (a failed outcome's reason is
     * the container's waiting reason).
     *
     * @throws RuntimeUnavailableException when the runtime cannot say whether it holds the image
     */
    public Outcome<ImageInfo> ensure(Pod pod, Container container, String fieldPath) {
        String image = container.getImage();
        PullPolicy policy = PullPolicy.of(container);
        Optional<ImageInfo> present = policy == PullPolicy.ALWAYS ? Optional.empty() : runtime.image(image);
        if (present.isPresent()) {
            events.normal(pod, fieldPath, "Pulled", "Container image \"" + image + "\" already present on machine");
            return Outcome.of(present.get());
        }
        if (policy == PullPolicy.NEVER) {
            String message = "Container image \"" + image + "\" is not present with pull policy of Never";
            events.warning(pod, fieldPath, ERR_IMAGE_NEVER_PULL, message);
            return Outcome.failed(ERR_IMAGE_NEVER_PULL, message);
        }
        String key = pod.getMetadata().getUid() + "/" + image;
        Duration wait = backoff.remaining(key, failures.get(key));
        if (!wait.isZero()) {
            String message = "Back-off pulling image \"" + image + "\"";
            events.normal(pod, fieldPath, "BackOff", message);
            return Outcome.failed(IMAGE_PULL_BACKOFF, message);
        }
        events.normal(pod, fieldPath, "Pulling", "Pulling image \"" + image + "\"");
        try {
            ImageInfo pulled = runtime.pullImage(image);
            backoff.forget(key);
            failures.remove(key);
            events.normal(pod, fieldPath, "Pulled", "Successfully pulled image \"" + image + "\"");
            return Outcome.of(pulled);
        } catch (RuntimeUnavailableException e) {
            backoff.next(key);
            failures.put(key, clock.instant());
            String message = "Failed to pull image \"" + image + "\": " + e.getMessage();
            events.warning(pod, fieldPath, "Failed", message);
            events.warning(pod, fieldPath, "Failed", "Error: " + ERR_IMAGE_PULL);
            return Outcome.failed(ERR_IMAGE_PULL, message);
        }
    }

    /** How long until the next pull of the container's image may be tried (zero: now). */
    public Duration pullWait(Pod pod, Container container) {
        String key = pod.getMetadata().getUid() + "/" + container.getImage();
        return backoff.remaining(key, failures.get(key));
    }

    /** Forgets the pull back-off of a pod that went away. */
    public void forget(String podUid) {
        backoff.forgetPrefix(podUid + "/");
        failures.keySet().removeIf(k -> k.startsWith(podUid + "/"));
    }
}
