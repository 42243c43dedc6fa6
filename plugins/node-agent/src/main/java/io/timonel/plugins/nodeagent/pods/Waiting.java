package io.timonel.plugins.nodeagent.pods;

/** Why a container is not running although it should: its waiting reason and message. */
public record Waiting(String reason, String message) {
    public static final String CONTAINER_CREATING = "ContainerCreating";
    public static final String POD_INITIALIZING = "PodInitializing";
    public static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";
    public static final String CREATE_CONTAINER_CONFIG_ERROR = "CreateContainerConfigError";
    public static final String CREATE_CONTAINER_ERROR = "CreateContainerError";
    public static final String RUN_CONTAINER_ERROR = "RunContainerError";
}
