package io.timonel.plugins.nodeagent.env;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.timonel.plugins.nodeagent.Outcome;
import io.timonel.spi.runtime.ContainerConfig;
import java.util.List;

/** The environment of a container as Kubernetes builds it. Thread-safe. */
public interface ContainerEnv {

    /**
     * The variables of {@code container}, in Kubernetes' order: service links (when
     * {@code enableServiceLinks}), {@code envFrom}, then {@code env} with {@code $(VAR)} expansion;
     * values from fieldRef (including {@code status.podIP}/{@code hostIP} given here),
     * resourceFieldRef, configMapKeyRef and secretKeyRef. A missing, non-optional source gives
     * {@code CreateContainerConfigError} with Kubernetes' message.
     */
    Outcome<List<ContainerConfig.EnvVar>> resolve(Pod pod, Container container, String podIp, String hostIp);
}
