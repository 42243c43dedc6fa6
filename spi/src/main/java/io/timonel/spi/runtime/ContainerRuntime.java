package io.timonel.spi.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One connection to a container runtime, used by one node agent from many threads. Methods block
 * until the runtime answered; they throw {@link NotFoundException} for an unknown id and
 * {@link RuntimeUnavailableException} when the runtime fails. Ids are the runtime's own.
 */
public interface ContainerRuntime extends AutoCloseable {

    /** The runtime's name and version, for {@code Node.status.nodeInfo.containerRuntimeVersion} ("docker://28.2.2"). */
    String version();

    // ---- images ---------------------------------------------------------------------------------

    /** Every image the runtime holds. */
    List<ImageInfo> listImages();

    /** The image a reference ({@code busybox:local}, {@code docker.io/library/busybox:1.36}, an id) names, if present. */
    Optional<ImageInfo> image(String reference);

    /** Loads an image tarball (docker-archive or OCI layout) and returns the images it held. */
    List<ImageInfo> importImage(Path tarball);

    /** Pulls from a registry; throws {@link RuntimeUnavailableException} with the registry's message when that fails. */
    ImageInfo pullImage(String reference);

    // ---- pod sandboxes -----------------------------------------------------------------------------

        /**
     * Whether the runtime gives sandboxes their pod network itself (containerd's CRI plugin runs
     * CNI with the configuration a {@link io.timonel.spi.network.PodNetwork} wrote). When false,
     * sandboxes that are not hostNetwork start with only a loopback interface and the node agent
     * attaches them through its {@code PodNetwork}, at {@link #networkNamespace(String)}.
     */
    default boolean wiresPodNetwork() {
        return false;
    }

    /**
     * The network namespace of a running sandbox, e.g. {@code /proc/PID/ns/net}.
     *
     * @throws NotFoundException when the sandbox does not exist or is not running
     */
    default String networkNamespace(String sandboxId) {
        throw new UnsupportedOperationException("this runtime wires pod networks itself");
    }

    /** Creates and starts the sandbox of a pod (its network namespace, hostname, DNS files); returns its id. */
    String runSandbox(SandboxConfig config);

    /** Stops the sandbox and every container in it (forcibly); idempotent. */
    void stopSandbox(String sandboxId);

    /** Removes a stopped sandbox and its containers; idempotent. */
    void removeSandbox(String sandboxId);

    /** Every sandbox, running or not. */
    List<SandboxStatus> listSandboxes();

    // ---- containers ----------------------------------------------------------------------------------

    /** Creates a container in a sandbox (not started); returns its id. */
    String createContainer(String sandboxId, ContainerConfig config, SandboxConfig sandbox);

    void startContainer(String containerId);

    /** Sends the stop signal (SIGTERM or the image's), waits up to {@code grace}, then kills; idempotent. */
    void stopContainer(String containerId, Duration grace);

    /** Removes a stopped container; idempotent. */
    void removeContainer(String containerId);

    /** Every container, running or exited. */
    List<ContainerStatus> listContainers();

    ContainerStatus containerStatus(String containerId);

    /** Runs a command in a running container to its end (exec probes, preStop/postStart hooks). */
    ExecResult execSync(String containerId, List<String> command, Duration timeout);

    /** Starts an interactive command in a running container (kubectl exec). */
    StreamSession exec(String containerId, List<String> command, StreamOptions options);

    /** Attaches to the main process of a running container (kubectl attach). */
    StreamSession attach(String containerId, StreamOptions options);

    /**
     * Writes the container's log to {@code sink} as the options ask; with {@code follow}, keeps
     * writing until the container stops or {@link LogSink#isClosed()} turns true.
     */
    void logs(String containerId, LogOptions options, LogSink sink);

    /** Resource usage of a running container. */
    ContainerStats stats(String containerId);

    @Override
    void close();
}
