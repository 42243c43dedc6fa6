package io.timonel.kernel.controller;

import io.timonel.spi.auth.TokenAuthenticator;
import io.timonel.spi.auth.UserInfo;
import io.timonel.spi.controller.ApiAccess;
import io.timonel.spi.controller.Controller;
import io.timonel.spi.controller.ControllerContext;
import io.timonel.spi.controller.Extensions;
import java.net.URI;
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
 * Runs the controllers that plugins provide: gives each an identity of its own (a bearer token
 * the API server accepts, user {@code system:timonel:controller:<name>}), starts them once the
 * API server is ready and this server leads (see {@link LeaderElection}), and stops them in
 * reverse order when it stops leading. A controller that fails to start is logged by name and
 * left out; the others run.
 */
public final class ControllerHost implements TokenAuthenticator, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerHost.class);
    /** Controllers act for the cluster: until RBAC arrives they are cluster admins. */
    private static final Set<String> GROUPS = Set.of(UserInfo.MASTERS_GROUP, UserInfo.AUTHENTICATED_GROUP);

    private final List<Controller> controllers;
    private final Map<String, Map<String, String>> settings;
    private final ComponentTokens tokens = new ComponentTokens();
    private final List<Controller> running = new ArrayList<>();
    private URI server;
    private String caPem;
    private Clock clock;
    private ScheduledExecutorService executor;
    private Extensions extensions = Extensions.NONE;

    /**
     * @param controllers the controllers plugins provide
     * @param settings    per controller name, its settings; {@code enabled: "false"} leaves it out
     */
    public ControllerHost(List<Controller> controllers, Map<String, Map<String, String>> settings) {
        this.settings = Map.copyOf(settings);
        this.controllers = controllers.stream()
                .filter(c -> !"false".equalsIgnoreCase(settings.getOrDefault(c.name(), Map.of()).get("enabled")))
                .toList();
        long distinct = controllers.stream().map(Controller::name).distinct().count();
        if (distinct != controllers.size()) {
            throw new IllegalStateException("two controllers share a name: "
                    + controllers.stream().map(Controller::name).toList());
        }
    }

    @Override
    public Optional<UserInfo> authenticate(String token) {
        return tokens.authenticate(token);
    }

    /** Where controllers reach the API server, and what else they get; set before {@link #startAll}. */
    public void configure(URI server, String caPem, Clock clock, ScheduledExecutorService executor,
                          Extensions extensions) {
        this.server = server;
        this.caPem = caPem;
        this.clock = clock;
        this.executor = executor;
        this.extensions = extensions;
    }

    /**
     * Starts every controller (this server leads). Each keeps the identity it got the first
     * time, so a controller started again after losing and regaining leadership is the same user.
     */
    public synchronized void startAll() {
        for (Controller controller : controllers) {
            String user = "system:timonel:controller:" + controller.name();
            String token = tokens.tokenFor(user, GROUPS);
            try {
                controller.start(new ControllerContext(new ApiAccess(server, caPem, token, user), clock, executor,
                        settings.getOrDefault(controller.name(), Map.of()), extensions));
                running.add(controller);
                LOG.info("controller {} started", controller.name());
            } catch (Exception | LinkageError e) {
                LOG.error("controller {} failed to start; the server goes on without it", controller.name(), e);
            }
        }
    }

    /** Stops the running controllers in reverse order (leadership lost, or shutting down). */
    public synchronized void stopAll() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).stop();
            } catch (RuntimeException e) {
                LOG.warn("controller {} did not stop cleanly", running.get(i).name(), e);
            }
        }
        running.clear();
    }

    /** The names of the running controllers. */
    public synchronized List<String> running() {
        return running.stream().map(Controller::name).toList();
    }

    @Override
    public void close() {
        stopAll();
        tokens.revokeAll();
    }
}
