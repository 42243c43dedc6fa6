package io.timonel.spi.network;

import java.nio.file.Path;
import java.util.Map;
import org.pf4j.ExtensionPoint;

/** A kind of pod network the node agent can use, chosen by {@link #name()} (agent setting {@code network}). */
public interface PodNetworkProvider extends ExtensionPoint {

    /** The name operators choose it by, e.g. {@code bridge}. */
    String name();

    /**
     * Opens the network of this node. Settings are the node agent's ({@code controllers.node-agent.*});
     * {@code stateDir} is the agent's, for what must survive a restart of the agent (addresses of
     * running pods).
     */
    PodNetwork open(String nodeName, Map<String, String> settings, Path stateDir);
}
