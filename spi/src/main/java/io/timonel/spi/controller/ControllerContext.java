package io.timonel.spi.controller;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a controller gets when it starts: a narrow handle, never the kernel's internals.
 *
 * @param api      access to the API server as this controller's own identity
 * @param clock    the time source; tests pass a fake one
 * @param executor a scheduler for the controller's own work (shared, so never block it for long)
 * @param config     the controller's settings from the server configuration ({@code controllers.<name>})
 * @param extensions what the started plugins provide, for controllers that host extensions of their own
 */
public record ControllerContext(ApiAccess api, Clock clock, ScheduledExecutorService executor,
                                Map<String, String> config, Extensions extensions) {
}
