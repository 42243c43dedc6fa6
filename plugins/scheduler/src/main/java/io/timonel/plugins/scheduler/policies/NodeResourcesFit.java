package io.timonel.plugins.scheduler.policies;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.Filter;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.Resources;
import io.timonel.spi.scheduler.Score;
import io.timonel.spi.scheduler.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Filters out nodes whose allocatable resources, less what their pods request, cannot hold the
 * pod's requests (CPU, memory, ephemeral storage, pod count, extended resources); scores the rest
 * by a strategy from the args ({@code scoringStrategy.type}): {@code LeastAllocated} (default,
 * spreads), {@code MostAllocated} (packs) or {@code RequestedToCapacityRatio} (a piecewise-linear
 * shape over utilisation). Scoring uses the requests with defaults for request-less containers.
 */
public final class NodeResourcesFit implements Filter, Score {

    public static final String NAME = "NodeResourcesFit";
    static final Status TOO_MANY_PODS = Status.unschedulable("Too many pods").from(NAME);
    static final Status NO_CPU = Status.unschedulable("Insufficient cpu").from(NAME);
    static final Status NO_MEMORY = Status.unschedulable("Insufficient memory").from(NAME);
    static final Status NO_STORAGE = Status.unschedulable("Insufficient ephemeral-storage").from(NAME);

    /** How nodes are ranked. */
    public enum Strategy { LEAST_ALLOCATED, MOST_ALLOCATED, REQUESTED_TO_CAPACITY_RATIO }

    /** A resource that counts in the score, with its weight. */
    public record WeightedResource(String name, long weight) {
    }

    /** A point of the RequestedToCapacityRatio shape: utilisation 0..100 to score 0..10. */
    public record ShapePoint(long utilization, long score) {
    }

    private final Strategy strategy;
    private final List<WeightedResource> resources;
    private final List<ShapePoint> shape;

    public NodeResourcesFit(Strategy strategy, List<WeightedResource> resources, List<ShapePoint> shape) {
        this.strategy = strategy;
        this.resources = List.copyOf(resources);
        this.shape = List.copyOf(shape);
    }

    /** Reads Kubernetes' NodeResourcesFitArgs. */
    public static NodeResourcesFit fromArgs(JsonNode args) {
        JsonNode s = args.path("scoringStrategy");
        Strategy strategy = switch (s.path("type").asText("LeastAllocated")) {
            case "LeastAllocated" -> Strategy.LEAST_ALLOCATED;
            case "MostAllocated" -> Strategy.MOST_ALLOCATED;
            case "RequestedToCapacityRatio" -> Strategy.REQUESTED_TO_CAPACITY_RATIO;
            default -> throw new IllegalArgumentException("NodeResourcesFit: unknown scoringStrategy.type "
                    + s.path("type").asText());
        };
        List<WeightedResource> resources = new ArrayList<>();
        for (JsonNode r : s.path("resources")) {
            resources.add(new WeightedResource(r.path("name").asText(), r.path("weight").asLong(1)));
        }
        if (resources.isEmpty()) {
            resources = List.of(new WeightedResource("cpu", 1), new WeightedResource("memory", 1));
        }
        List<ShapePoint> shape = new ArrayList<>();
        for (JsonNode p : s.path("requestedToCapacityRatio").path("shape")) {
            shape.add(new ShapePoint(p.path("utilization").asLong(), p.path("score").asLong()));
        }
        if (strategy == Strategy.REQUESTED_TO_CAPACITY_RATIO && shape.isEmpty()) {
            shape = List.of(new ShapePoint(0, 10), new ShapePoint(100, 0));
        }
        return new NodeResourcesFit(strategy, resources, shape);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        Resources want = pod.requests();
        Resources have = node.allocatable();
        Resources used = node.requested();
        List<String> reasons = null;
        Status single = null;
        int count = 0;
        if (used.pods() + 1 > have.pods()) {
            single = TOO_MANY_PODS;
            count++;
        }
        if (want.milliCpu() > 0 && used.milliCpu() + want.milliCpu() > have.milliCpu()) {
            single = NO_CPU;
            count++;
        }
        if (want.memory() > 0 && used.memory() + want.memory() > have.memory()) {
            single = NO_MEMORY;
            count++;
        }
        if (want.ephemeralStorage() > 0 && used.ephemeralStorage() + want.ephemeralStorage() > have.ephemeralStorage()) {
            single = NO_STORAGE;
            count++;
        }
        for (Map.Entry<String, Long> e : want.scalars().entrySet()) {
            if (e.getValue() > 0 && used.get(e.getKey()) + e.getValue() > have.get(e.getKey())) {
                if (reasons == null) {
                    reasons = new ArrayList<>();
                }
                reasons.add("Insufficient " + e.getKey());
            }
        }
        if (count == 0 && reasons == null) {
            return Status.success();
        }
        if (count == 1 && reasons == null) {
            return single;
        }
        // several shortages: every one is a reason, as Kubernetes counts them
        List<String> all = new ArrayList<>();
        for (Status s : List.of(TOO_MANY_PODS, NO_CPU, NO_MEMORY, NO_STORAGE)) {
            if (shortOf(s, want, have, used)) {
                all.addAll(s.reasons());
            }
        }
        if (reasons != null) {
            all.addAll(reasons);
        }
        return new Status(Status.Code.UNSCHEDULABLE, all, NAME);
    }

    private static boolean shortOf(Status s, Resources want, Resources have, Resources used) {
        if (s == TOO_MANY_PODS) {
            return used.pods() + 1 > have.pods();
        }
        if (s == NO_CPU) {
            return want.milliCpu() > 0 && used.milliCpu() + want.milliCpu() > have.milliCpu();
        }
        if (s == NO_MEMORY) {
            return want.memory() > 0 && used.memory() + want.memory() > have.memory();
        }
        return want.ephemeralStorage() > 0 && used.ephemeralStorage() + want.ephemeralStorage() > have.ephemeralStorage();
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        long weighted = 0;
        long weights = 0;
        for (WeightedResource r : resources) {
            long capacity = node.allocatable().get(r.name());
            if (capacity == 0) {
                continue;
            }
            long requested = requested(r.name(), pod, node);
            long score = switch (strategy) {
                case LEAST_ALLOCATED -> requested > capacity ? 0 : (capacity - requested) * MAX_SCORE / capacity;
                case MOST_ALLOCATED -> requested > capacity ? MAX_SCORE : requested * MAX_SCORE / capacity;
                case REQUESTED_TO_CAPACITY_RATIO -> shaped(Math.min(100, requested * 100 / capacity));
            };
            weighted += score * r.weight();
            weights += r.weight();
        }
        return weights == 0 ? 0 : weighted / weights;
    }

    /** CPU and memory with the scoring defaults for request-less containers; others as requested. */
    private static long requested(String resource, PodInfo pod, NodeInfo node) {
        return switch (resource) {
            case "cpu" -> node.nonZeroRequested().milliCpu() + pod.nonZero().milliCpu();
            case "memory" -> node.nonZeroRequested().memory() + pod.nonZero().memory();
            default -> node.requested().get(resource) + pod.requests().get(resource);
        };
    }

    /** The shape's score (0..10, scaled to 0..100) at {@code utilization}, linear between points. */
    private long shaped(long utilization) {
        if (utilization <= shape.get(0).utilization()) {
            return shape.get(0).score() * MAX_SCORE / 10;
        }
        for (int i = 1; i < shape.size(); i++) {
            ShapePoint a = shape.get(i - 1);
            ShapePoint b = shape.get(i);
            if (utilization <= b.utilization()) {
                long s10 = a.score() * (b.utilization() - a.utilization())
                        + (b.score() - a.score()) * (utilization - a.utilization());
                return s10 * MAX_SCORE / 10 / (b.utilization() - a.utilization());
            }
        }
        return shape.get(shape.size() - 1).score() * MAX_SCORE / 10;
    }
}
