package io.timonel.spi.runtime;

import java.util.Map;
import org.pf4j.ExtensionPoint;

/** A kind of container runtime the node agent can use, chosen by {@link #name()} ({@code --runtime=NAME}). */
public interface ContainerRuntimeProvider extends ExtensionPoint {

    /** The name operators choose it by, e.g. {@code docker} or {@code containerd}. */
    String name();

    /**
     * Connects to the runtime. Settings are the node agent's ({@code controllers.node-agent.*}),
     * e.g. {@code docker.socket}, {@code containerd.socket}.
     *
     * @throws RuntimeUnavailableException when the runtime cannot be reached
     */
    ContainerRuntime open(Map<String, String> settings) throws RuntimeUnavailableException;
}
