package io.timonel.plugins.scheduler.framework;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.timonel.plugins.scheduler.config.PluginRef;
import io.timonel.plugins.scheduler.config.ProfileConfig;
import io.timonel.plugins.scheduler.config.StageConfig;
import io.timonel.spi.scheduler.Bind;
import io.timonel.spi.scheduler.ClusterAccess;
import io.timonel.spi.scheduler.Filter;
import io.timonel.spi.scheduler.Permit;
import io.timonel.spi.scheduler.Policy;
import io.timonel.spi.scheduler.PostFilter;
import io.timonel.spi.scheduler.PreBind;
import io.timonel.spi.scheduler.PreFilter;
import io.timonel.spi.scheduler.PreScore;
import io.timonel.spi.scheduler.QueueSort;
import io.timonel.spi.scheduler.Reserve;
import io.timonel.spi.scheduler.Score;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Builds a {@link Profile} from its configuration as Kubernetes does: the default policies
 * (enabled at every stage they implement, {@code multiPoint}), less {@code multiPoint.disabled},
 * plus {@code multiPoint.enabled}; then per stage, less that stage's {@code disabled} ({@code *}:
 * all) plus its {@code enabled} (a name already there only takes the new weight). One instance
 * per policy name serves all its stages.
 */
public final class ProfileFactory {

    /** Kubernetes' default profile (v1): policies in order with their score weights. */
    public static final List<PluginRef> DEFAULTS = List.of(
            new PluginRef("PrioritySort", null),
            new PluginRef("NodeUnschedulable", null),
            new PluginRef("NodeName", null),
            new PluginRef("TaintToleration", 3),
            new PluginRef("NodeAffinity", 2),
            new PluginRef("NodePorts", null),
            new PluginRef("NodeResourcesFit", 1),
            new PluginRef("VolumeBinding", null),
            new PluginRef("PodTopologySpread", 2),
            new PluginRef("InterPodAffinity", 2),
            new PluginRef("DefaultPreemption", null),
            new PluginRef("NodeResourcesBalancedAllocation", 1),
            new PluginRef("ImageLocality", 1),
            new PluginRef("DefaultBinder", null));

    private final Registry registry;
    private final ClusterAccess cluster;
    private final Clock clock;
    private final RandomGenerator random;

    public ProfileFactory(Registry registry, ClusterAccess cluster, Clock clock, RandomGenerator random) {
        this.registry = registry;
        this.cluster = cluster;
        this.clock = clock;
        this.random = random;
    }

    /**
     * @param globalPercentage the configuration's percentageOfNodesToScore, used when the profile sets none
     * @throws IllegalArgumentException for unknown policies, bad args, or not exactly one queue sort
     */
    public Profile build(ProfileConfig config, int globalPercentage) {
        ProfileHandle handle = new ProfileHandle(cluster, clock);
        Map<String, Integer> multi = new LinkedHashMap<>();
        StageConfig mp = config.stage("multiPoint");
        if (!mp.disablesAll()) {
            for (PluginRef ref : DEFAULTS) {
                if (!mp.disables(ref.name())) {
                    multi.put(ref.name(), ref.weight());
                }
            }
        }
        for (PluginRef ref : mp.enabled()) {
            multi.put(ref.name(), ref.weight() != null ? ref.weight() : multi.get(ref.name()));
        }
        Map<String, Policy> instances = new LinkedHashMap<>();
        java.util.function.Function<String, Policy> instance = name -> instances.computeIfAbsent(name,
                n -> registry.create(n, config.args().getOrDefault(n, JsonNodeFactory.instance.objectNode()), handle));

        List<QueueSort> queueSorts = stage(config, "queueSort", QueueSort.class, multi, instance, null);
        if (queueSorts.size() != 1) {
            throw new IllegalArgumentException("profile " + config.schedulerName() + " needs exactly one queueSort policy, has "
                    + queueSorts.stream().map(Policy::name).toList());
        }
        Map<String, Integer> weights = new LinkedHashMap<>();
        List<Score> scores = stage(config, "score", Score.class, multi, instance, weights);
        long[] w = new long[scores.size()];
        for (int i = 0; i < w.length; i++) {
            Integer weight = weights.get(scores.get(i).name());
            w[i] = weight == null || weight == 0 ? 1 : weight;
        }
        List<Bind> binds = stage(config, "bind", Bind.class, multi, instance, null);
        if (binds.isEmpty()) {
            throw new IllegalArgumentException("profile " + config.schedulerName() + " has no bind policy");
        }
        int percentage = config.percentageOfNodesToScore() != 0 ? config.percentageOfNodesToScore() : globalPercentage;
        return new Profile(config.schedulerName(), queueSorts.get(0),
                stage(config, "preFilter", PreFilter.class, multi, instance, null),
                stage(config, "filter", Filter.class, multi, instance, null),
                stage(config, "postFilter", PostFilter.class, multi, instance, null),
                stage(config, "preScore", PreScore.class, multi, instance, null),
                scores, w,
                stage(config, "reserve", Reserve.class, multi, instance, null),
                stage(config, "permit", Permit.class, multi, instance, null),
                stage(config, "preBind", PreBind.class, multi, instance, null),
                binds, percentage, handle, random);
    }

    private static <T extends Policy> List<T> stage(ProfileConfig config, String stage, Class<T> type,
                                                    Map<String, Integer> multi,
                                                    java.util.function.Function<String, Policy> instance,
                                                    Map<String, Integer> weights) {
        StageConfig own = config.stage(stage);
        Map<String, Integer> chosen = new LinkedHashMap<>();
        if (!own.disablesAll()) {
            for (Map.Entry<String, Integer> e : multi.entrySet()) {
                if (!own.disables(e.getKey()) && type.isInstance(instance.apply(e.getKey()))) {
                    chosen.put(e.getKey(), e.getValue());
                }
            }
        }
        for (PluginRef ref : own.enabled()) {
            Policy p = instance.apply(ref.name());
            if (!type.isInstance(p)) {
                throw new IllegalArgumentException("profile " + config.schedulerName() + ": " + ref.name()
                        + " is not a " + stage + " policy");
            }
            chosen.put(ref.name(), ref.weight() != null ? ref.weight() : chosen.get(ref.name()));
        }
        List<T> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : chosen.entrySet()) {
            out.add(type.cast(instance.apply(e.getKey())));
            if (weights != null) {
                weights.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }
}
