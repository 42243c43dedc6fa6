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
        for (ContainerStatus s : initStatuses) {
            ContainerState st = s.getState();
            if (st != null && st.getTerminated() != null && st.getTerminated().getExitCode() == 0) {
                continue;
            }
            pendingInit = true;
            boolean lastFailed = st != null && st.getTerminated() != null
                    || st != null && st.getWaiting() != null && s.getLastState() != null
                    && s.getLastState().getTerminated() != null && s.getLastState().getTerminated().getExitCode() != 0;
            if (lastFailed) {
                failedInit = true;
            }
            break; // init containers run in order: the first not done decides
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

    public static boolean isTerminal(String phase) {
        return SUCCEEDED.equals(phase) || FAILED.equals(phase);
    }
}
