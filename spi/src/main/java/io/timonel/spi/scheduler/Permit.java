package io.timonel.spi.scheduler;

/** The last gate of the scheduling cycle: success lets the pod go to binding; a rejection unreserves it. */
public interface Permit extends Policy {

    Status permit(CycleState state, PodInfo pod, String nodeName);
}
