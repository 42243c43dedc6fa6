package io.timonel.spi.scheduler;

import java.util.Map;

/**
 * Called when no node passed the filters, e.g. to preempt lower-priority pods. Success with a
 * nominated node means the pod may fit there once victims are gone; the pod then waits for another
 * cycle.
 */
public interface PostFilter extends Policy {

    /** What a post-filter achieved. */
    record Result(String nominatedNode, Status status) {
        public static Result unresolved(String why) {
            return new Result(null, Status.unschedulable(why));
        }
    }

    /** @param rejections each node's filter rejection, by node name */
    Result postFilter(CycleState state, PodInfo pod, Map<String, Status> rejections);
}
