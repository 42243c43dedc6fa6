package io.timonel.spi.node;

import io.timonel.spi.controller.ApiAccess;
import io.timonel.spi.controller.Extensions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a node component gets when it starts.
 *
 * @param api        access to the API server as this node's identity ({@code system:node:<nodeName>})
 * @param clock      the time source
 * @param executor   a shared scheduler for short tasks (never block it)
 * @param config     the component's settings ({@code controllers.<name>.*})
 * @param extensions what the started plugins provide (container runtimes, network plugins …)
 * @param nodeName   the name of the Node this process stands for
 * @param stateDir   a directory of the component's own that outlives restarts (volumes, logs, state)
 */
public record NodeContext(ApiAccess api, Clock clock, ScheduledExecutorService executor,
                          Map<String, String> config, Extensions extensions, String nodeName, Path stateDir) {
}
