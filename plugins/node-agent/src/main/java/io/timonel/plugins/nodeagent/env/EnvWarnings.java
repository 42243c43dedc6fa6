package io.timonel.plugins.nodeagent.env;

import io.fabric8.kubernetes.api.model.Pod;

/** Where warnings about a pod's environment go (the agent records them as Warning events on the pod). */
@FunctionalInterface
public interface EnvWarnings {

    /** E.g. reason {@code InvalidEnvironmentVariableNames}; called on the resolving thread, must not block. */
    void warn(Pod pod, String reason, String message);

    EnvWarnings NONE = (pod, reason, message) -> { };
}
