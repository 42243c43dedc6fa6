package io.timonel.spi.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import org.pf4j.ExtensionPoint;

/**
 * A named factory of a scheduling {@link Policy}: how a plugin jar contributes a policy. The
 * scheduler merges these into its registry of built-ins by name (a duplicate name fails at
 * start-up) and calls {@link #create} once for every profile whose configuration enables the name.
 */
public interface SchedulerPlugin extends ExtensionPoint {

    /** The policy's name as the configuration writes it under {@code plugins.<stage>.enabled}. */
    String name();

    /**
     * Builds the policy for one profile. Called at scheduler start, on a scheduler thread.
     *
     * @param args   the profile's {@code pluginConfig[].args} for this name; an empty object when none
     * @param handle what the policy may use while scheduling (snapshot, cluster reads and writes, clock)
     * @return the instance; its {@link Policy#name()} must equal {@link #name()}
     * @throws IllegalArgumentException when the args are invalid: the scheduler refuses the profile
     */
    Policy create(JsonNode args, SchedulerHandle handle);
}
