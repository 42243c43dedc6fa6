package io.timonel.kernel.controller;

import io.timonel.spi.auth.TokenAuthenticator;
import io.timonel.spi.auth.UserInfo;
import io.timonel.spi.controller.ApiAccess;
import io.timonel.spi.controller.Extensions;
import io.timonel.spi.node.NodeComponent;
import io.timonel.spi.node.NodeContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the node components plugins provide for one node, whether or not the process leads: for a
 * server's own node each as the node's identity {@code system:node:<name>} (group
 * {@code system:nodes}) with a token issued here, for a joined node ({@code timonel agent}) with
 * the credentials it joined with; each with a state directory of its own. A component that fails
 * to start is logged and left out.
 */
public final class NodeComponentHost implements TokenAuthenticator, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeComponentHost.class);
    /** Until RBAC arrives, nodes act with full rights like the controllers. */
    private static final Set<String> GROUPS = Set.of("system:nodes", UserInfo.MASTERS_GROUP,
            UserInfo.AUTHENTICATED_GROUP);

    private final List<NodeComponent> components;
    private final Map<String, Map<String, String>> settings;
    private final ComponentTokens tokens = new ComponentTokens();
    private final List<NodeComponent> running = new ArrayList<>();

    /**
     * @param components the node components plugins provide
     * @param settings   per component name, its settings; {@code enabled: "false"} leaves it out
     */
    public NodeComponentHost(List<NodeComponent> components, Map<String, Map<String, String>> settings) {
        this.settings = Map.copyOf(settings);
        this.components = components.stream()
                .filter(c -> !"false".equalsIgnoreCase(settings.getOrDefault(c.name(), Map.of()).get("enabled")))
                .toList();
    }

    @Override
    public Optional<UserInfo> authenticate(String token) {
        return tokens.authenticate(token);
    }

    /**
     * Starts every component for node {@code nodeName} of this server, each with a token this host
     * issues; state goes under {@code stateRoot/<component>}.
     */
    public synchronized void startAll(URI server, String caPem, Clock clock, ScheduledExecutorService executor,
                                      Extensions extensions, String nodeName, Path stateRoot) {
        String user = "system:node:" + nodeName;
        startAll(new ApiAccess(server, caPem, tokens.tokenFor(user, GROUPS), user), clock, executor, extensions,
                nodeName, stateRoot);
    }

    /**
     * Starts every component for node {@code nodeName} with the given credentials: a node that
     * joined a cluster served elsewhere ({@code timonel agent}).
     */
    public synchronized void startAll(ApiAccess access, Clock clock, ScheduledExecutorService executor,
                                      Extensions extensions, String nodeName, Path stateRoot) {
        for (NodeComponent component : components) {
            try {
                component.start(new NodeContext(access, clock, executor,
                        settings.getOrDefault(component.name(), Map.of()), extensions, nodeName,
                        stateRoot.resolve(component.name())));
                running.add(component);
                LOG.info("node component {} started for node {}", component.name(), nodeName);
            } catch (Exception | LinkageError e) {
                LOG.error("node component {} failed to start; the server goes on without it", component.name(), e);
            }
        }
    }

    /** The names of the running components. */
    public synchronized List<String> running() {
        return running.stream().map(NodeComponent::name).toList();
    }

    @Override
    public synchronized void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).stop();
            } catch (RuntimeException e) {
                LOG.warn("node component {} did not stop cleanly", running.get(i).name(), e);
            }
        }
        running.clear();
        tokens.revokeAll();
    }
}
