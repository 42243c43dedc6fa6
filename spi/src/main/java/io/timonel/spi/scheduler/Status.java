package io.timonel.spi.scheduler;

import java.util.List;

/**
 * The answer of a stage: a code and, for anything but success, the reasons (short phrases that
 * the scheduler counts across nodes, e.g. {@code Insufficient cpu}). Rejections of one kind are
 * best kept as constants, so that filtering thousands of nodes allocates nothing.
 *
 * @param code    what the scheduler does next
 * @param reasons why, for anything but success; shown in events and conditions
 * @param policy  the policy that answered, or empty; the framework fills it in
 */
public record Status(Code code, List<String> reasons, String policy) {

    /** What a stage's answer means to the scheduler. */
    public enum Code {
        /** Go on. */
        SUCCESS,
        /** Not on this node (or not now); another node, or preemption, may help. */
        UNSCHEDULABLE,
        /** Not on this node, and preempting pods there would not help. */
        UNSCHEDULABLE_AND_UNRESOLVABLE,
        /** Something failed; the pod is retried after back-off. */
        ERROR,
        /** The policy has nothing to say for this pod (its later stages are skipped for this pod). */
        SKIP
    }

    private static final Status SUCCESS = new Status(Code.SUCCESS, List.of(), "");
    private static final Status SKIP = new Status(Code.SKIP, List.of(), "");

    public Status {
        reasons = List.copyOf(reasons);
        policy = policy == null ? "" : policy;
    }

    public static Status success() {
        return SUCCESS;
    }

    public static Status skip() {
        return SKIP;
    }

    public static Status unschedulable(String... reasons) {
        return new Status(Code.UNSCHEDULABLE, List.of(reasons), "");
    }

    public static Status unresolvable(String... reasons) {
        return new Status(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of(reasons), "");
    }

    public static Status error(String reason) {
        return new Status(Code.ERROR, List.of(reason), "");
    }

    public boolean isSuccess() {
        return code == Code.SUCCESS;
    }

    public boolean isSkip() {
        return code == Code.SKIP;
    }

    /** Unschedulable, resolvable or not. */
    public boolean isRejected() {
        return code == Code.UNSCHEDULABLE || code == Code.UNSCHEDULABLE_AND_UNRESOLVABLE;
    }

    /** This status attributed to {@code name} (success and skip stay the shared constants). */
    public Status from(String name) {
        return code == Code.SUCCESS || code == Code.SKIP || policy.equals(name) ? this : new Status(code, reasons, name);
    }

    /** The reasons in one line. */
    public String message() {
        return String.join(", ", reasons);
    }
}
