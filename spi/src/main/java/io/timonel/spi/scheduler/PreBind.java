package io.timonel.spi.scheduler;

/** Work before binding (e.g. provision volumes). Runs on a binding thread, for several pods at once. */
public interface PreBind extends Policy {

    Status preBind(CycleState state, PodInfo pod, String nodeName);
}
