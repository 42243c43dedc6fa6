package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;

/**
 * A pod's phase from its container statuses, by the kubelet's rules: Pending while init
 * containers have not all succeeded or a container waits without having run; Running while one
 * runs (or all stopped and will restart); Succeeded when all stopped with 0 and none restarts;
 * Failed when all stopped, one did not succeed and none restarts, or an init container failed
 * under restartPolicy Never.
 */
public final class PodPhase {
    public static final String PENDING = "Pending";
    public static final String RUNNING = "Running";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";

    private PodPhase() {
    }

    public static String of(PodSpec spec, List<ContainerStatus> initStatuses, List<ContainerStatus> statuses) {
        RestartPolicy policy = RestartPolicy.of(spec);
        boolean pendingInit = false;
        boolean failedInit = false;
        if (!containersStarted(statuses)) {
            for (ContainerStatus s : initStatuses) {
                if (initDone(spec, s)) {
                    continue;
                }
                pendingInit = true;
                ContainerState st = s.getState();
                boolean lastFailed = !isSidecar(spec, s.getName()) && (st != null && st.getTerminated() != null
                        || st != null && st.getWaiting() != null && s.getLastState() != null
                        && s.getLastState().getTerminated() != null
                        && s.getLastState().getTerminated().getExitCode() != 0);
                if (lastFailed) {
                    failedInit = true;
                }
                break; // init containers run in order: the first not done decides
            }
        }
        if (failedInit && policy == RestartPolicy.NEVER) {
            return FAILED;
        }
        if (pendingInit) {
            return PENDING;
        }
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        int unknown = 0;
        for (ContainerStatus s : statuses) {
            ContainerState st = s.getState();
            if (st == null) {
                unknown++;
            } else if (st.getRunning() != null) {
                running++;
            } else if (st.getTerminated() != null) {
                stopped++;
                if (st.getTerminated().getExitCode() == 0) {
                    succeeded++;
                }
            } else if (st.getWaiting() != null) {
                if (s.getLastState() != null && s.getLastState().getTerminated() != null) {
                    stopped++;
                } else {
                    waiting++;
                }
            } else {
                unknown++;
            }
        }
        if (waiting > 0) {
            return PENDING;
        }
        if (running > 0 && unknown == 0) {
            return RUNNING;
        }
        if (running == 0 && stopped > 0 && unknown == 0) {
            if (policy == RestartPolicy.ALWAYS) {
                return RUNNING;
            }
            if (stopped == succeeded) {
                return SUCCEEDED;
            }
            return policy == RestartPolicy.NEVER ? FAILED : RUNNING;
        }
        return PENDING;
    }

    /**
     * Whether an init container has done its part: a regular one exited 0, a sidecar runs and
     * has started.
     */
    public static boolean initDone(PodSpec spec, ContainerStatus s) {
        ContainerState st = s.getState();
        if (st == null) {
            return false;
        }
        if (isSidecar(spec, s.getName())) {
            return st.getRunning() != null && Boolean.TRUE.equals(s.getStarted());
        }
        return st.getTerminated() != null && st.getTerminated().getExitCode() == 0;
    }

    /** Whether the pod's containers have started (then it is initialized, whatever its sidecars do). */
    public static boolean containersStarted(List<ContainerStatus> statuses) {
        return statuses.stream().anyMatch(s -> s.getContainerID() != null && !s.getContainerID().isEmpty());
    }

    /** Whether the pod is initialized: its containers started, or every init container did its part. */
    public static boolean initialized(PodSpec spec, List<ContainerStatus> initStatuses, List<ContainerStatus> statuses) {
        return containersStarted(statuses) || initStatuses.stream().allMatch(s -> initDone(spec, s));
    }

    static boolean isSidecar(PodSpec spec, String name) {
        return spec.getInitContainers().stream().anyMatch(c -> c.getName().equals(name) && Sidecars.is(c));
    }

    public static boolean isTerminal(String phase) {
        return SUCCEEDED.equals(phase) || FAILED.equals(phase);
    }
}
