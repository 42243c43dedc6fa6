package io.timonel.plugins.scheduler.framework;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.plugins.scheduler.policies.DefaultBinder;
import io.timonel.plugins.scheduler.policies.DefaultPreemption;
import io.timonel.plugins.scheduler.policies.ImageLocality;
import io.timonel.plugins.scheduler.policies.InterPodAffinity;
import io.timonel.plugins.scheduler.policies.NodeAffinity;
import io.timonel.plugins.scheduler.policies.NodeName;
import io.timonel.plugins.scheduler.policies.NodePorts;
import io.timonel.plugins.scheduler.policies.NodeResourcesBalancedAllocation;
import io.timonel.plugins.scheduler.policies.NodeResourcesFit;
import io.timonel.plugins.scheduler.policies.NodeUnschedulable;
import io.timonel.plugins.scheduler.policies.PodTopologySpread;
import io.timonel.plugins.scheduler.policies.PrioritySort;
import io.timonel.plugins.scheduler.policies.TaintToleration;
import io.timonel.plugins.scheduler.policies.VolumeBinding;
import io.timonel.spi.scheduler.Policy;
import io.timonel.spi.scheduler.SchedulerHandle;
import io.timonel.spi.scheduler.SchedulerPlugin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Policies by name: the built-ins, merged with the {@link SchedulerPlugin}s other plugins
 * provide. A name registered twice fails at start-up, naming it.
 */
public final class Registry {

    /** Makes a policy for a profile from its args. */
    @FunctionalInterface
    public interface Factory {
        Policy create(JsonNode args, SchedulerHandle handle);
    }

    private final Map<String, Factory> factories;

    private Registry(Map<String, Factory> factories) {
        this.factories = factories;
    }

    /** Kubernetes' in-tree policies that Timonel implements. */
    public static Registry builtIns() {
        Map<String, Factory> f = new LinkedHashMap<>();
        f.put(PrioritySort.NAME, (args, h) -> new PrioritySort());
        f.put(NodeName.NAME, (args, h) -> new NodeName());
        f.put(NodeUnschedulable.NAME, (args, h) -> new NodeUnschedulable());
        f.put(TaintToleration.NAME, (args, h) -> new TaintToleration());
        f.put(NodeAffinity.NAME, (args, h) -> new NodeAffinity());
        f.put(NodePorts.NAME, (args, h) -> new NodePorts());
        f.put(NodeResourcesFit.NAME, (args, h) -> NodeResourcesFit.fromArgs(args));
        f.put(NodeResourcesBalancedAllocation.NAME, (args, h) -> new NodeResourcesBalancedAllocation());
        f.put(VolumeBinding.NAME, (args, h) -> new VolumeBinding(h.cluster()));
        f.put(PodTopologySpread.NAME, PodTopologySpread::fromArgs);
        f.put(InterPodAffinity.NAME, (args, h) -> new InterPodAffinity(h, args.path("hardPodAffinityWeight").asLong(1)));
        f.put(ImageLocality.NAME, (args, h) -> new ImageLocality(h));
        f.put(DefaultPreemption.NAME, (args, h) -> new DefaultPreemption(h));
        f.put(DefaultBinder.NAME, (args, h) -> new DefaultBinder(h.cluster()));
        return new Registry(f);
    }

    /**
     * This registry with out-of-tree policies added.
     *
     * @throws IllegalStateException when a name is already registered
     */
    public Registry with(List<SchedulerPlugin> plugins) {
        Map<String, Factory> merged = new LinkedHashMap<>(factories);
        for (SchedulerPlugin plugin : plugins) {
            if (merged.containsKey(plugin.name())) {
                throw new IllegalStateException("scheduler policy \"" + plugin.name() + "\" is registered twice (by "
                        + plugin.getClass().getName() + " and another)");
            }
            merged.put(plugin.name(), plugin::create);
        }
        return new Registry(merged);
    }

    public Set<String> names() {
        return factories.keySet();
    }

    /**
     * A new instance of the policy.
     *
     * @throws IllegalArgumentException for an unknown name, or args the policy refuses
     */
    public Policy create(String name, JsonNode args, SchedulerHandle handle) {
        Factory factory = factories.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown scheduler policy \"" + name + "\"; known: " + factories.keySet());
        }
        Policy policy = factory.create(args, handle);
        if (!policy.name().equals(name)) {
            throw new IllegalArgumentException("scheduler policy registered as \"" + name + "\" calls itself \""
                    + policy.name() + "\"");
        }
        return policy;
    }
}
