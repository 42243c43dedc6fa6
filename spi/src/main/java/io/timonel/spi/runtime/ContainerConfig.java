package io.timonel.spi.runtime;

import java.util.List;
import java.util.Map;

/**
 * What a container is made of (after the node agent resolved env, volumes and defaults).
 *
 * @param name        the container's name within the pod
 * @param attempt     how many times this container was started in this sandbox before
 * @param image       the image reference
 * @param command     the entrypoint, or empty for the image's
 * @param args        the arguments, or empty for the image's
 * @param workingDir  the working directory, or null for the image's
 * @param env         environment variables, in order
 * @param mounts      host paths bound into the container
 * @param labels      labels the runtime keeps and reports back
 * @param annotations annotations the runtime keeps
 * @param tty         allocate a terminal
 * @param stdin       keep stdin open (for attach)
 * @param stdinOnce   close stdin after the first attach ends
 * @param resources   limits enforced through cgroups
 * @param security    user, filesystem and privilege settings
 * @param logPath     the log file, relative to the sandbox's log directory (runtimes that write files)
 */
public record ContainerConfig(String name, int attempt, String image, List<String> command, List<String> args,
                              String workingDir, List<EnvVar> env, List<Mount> mounts, Map<String, String> labels,
                              Map<String, String> annotations, boolean tty, boolean stdin, boolean stdinOnce,
                              Resources resources, Security security, String logPath) {
    public ContainerConfig {
        command = List.copyOf(command);
        args = List.copyOf(args);
        env = List.copyOf(env);
        mounts = List.copyOf(mounts);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** One environment variable. */
    public record EnvVar(String name, String value) {
    }

    /** A host path bound at {@code containerPath}. */
    public record Mount(String hostPath, String containerPath, boolean readOnly) {
    }

    /**
     * Cgroup settings.
     *
     * @param cpuShares        relative CPU weight (from the request: millicores × 1024 / 1000, at least 2)
     * @param cpuQuotaMicros   CPU time per period (from the limit), 0 for no limit
     * @param cpuPeriodMicros  the period of the quota (100,000)
     * @param memoryLimitBytes the memory limit, 0 for none
     */
    public record Resources(long cpuShares, long cpuQuotaMicros, long cpuPeriodMicros, long memoryLimitBytes) {
        public static final Resources NONE = new Resources(0, 0, 0, 0);
    }

    /**
     * Security settings; nulls mean the image's defaults.
     *
     * @param runAsUser          uid to run as
     * @param runAsGroup         gid to run as
     * @param readOnlyRootFs     mount the root filesystem read-only
     * @param privileged         run privileged
     * @param addCapabilities    capabilities to add (without {@code CAP_})
     * @param dropCapabilities   capabilities to drop (without {@code CAP_}; {@code ALL} for all)
     * @param pidNamespaceOf     the id of a running container of the same sandbox whose process
     *                           namespace this one joins (an ephemeral container's target), or null
     *                           for the pod's own
     */
    public record Security(Long runAsUser, Long runAsGroup, boolean readOnlyRootFs, boolean privileged,
                           List<String> addCapabilities, List<String> dropCapabilities, String pidNamespaceOf) {
        public static final Security DEFAULT = new Security(null, null, false, false, List.of(), List.of());

        public Security {
            addCapabilities = List.copyOf(addCapabilities);
            dropCapabilities = List.copyOf(dropCapabilities);
        }

        /** Settings in the pod's own process namespace. */
        public Security(Long runAsUser, Long runAsGroup, boolean readOnlyRootFs, boolean privileged,
                        List<String> addCapabilities, List<String> dropCapabilities) {
            this(runAsUser, runAsGroup, readOnlyRootFs, privileged, addCapabilities, dropCapabilities, null);
        }

        /** These settings, in the process namespace of the container {@code containerId}. */
        public Security inPidNamespaceOf(String containerId) {
            return new Security(runAsUser, runAsGroup, readOnlyRootFs, privileged, addCapabilities, dropCapabilities,
                    containerId);
        }
    }

    /** This configuration with other security settings. */
    public ContainerConfig withSecurity(Security other) {
        return new ContainerConfig(name, attempt, image, command, args, workingDir, env, mounts, labels, annotations,
                tty, stdin, stdinOnce, resources, other, logPath);
    }
}
