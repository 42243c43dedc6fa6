package io.timonel.plugins.scheduler.framework;

import io.timonel.spi.scheduler.Bind;
import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.Filter;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.NodeScores;
import io.timonel.spi.scheduler.NormalizeScore;
import io.timonel.spi.scheduler.Permit;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.PostFilter;
import io.timonel.spi.scheduler.PreBind;
import io.timonel.spi.scheduler.PreFilter;
import io.timonel.spi.scheduler.PreScore;
import io.timonel.spi.scheduler.QueueSort;
import io.timonel.spi.scheduler.Reserve;
import io.timonel.spi.scheduler.Score;
import io.timonel.spi.scheduler.Snapshot;
import io.timonel.spi.scheduler.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.random.RandomGenerator;

/**
 * One scheduling profile: the policies of each stage, in order, with score weights, and the
 * scheduling cycle that runs them. {@link #schedule} runs on the scheduling thread only: it
 * filters nodes from a rotating start until enough feasible ones are found (Kubernetes'
 * percentageOfNodesToScore), scores those, and picks the best (ties at random).
 */
public final class Profile {

    /** Below this many nodes, every node is scored; above, at least this many feasible ones are looked for. */
    static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
    static final int MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
    private static final CycleState.Key<boolean[]> SKIPPED_FILTERS = new CycleState.Key<>("framework.skippedFilters");

    private final String schedulerName;
    private final QueueSort queueSort;
    private final PreFilter[] preFilters;
    private final Filter[] filters;
    private final PostFilter[] postFilters;
    private final PreScore[] preScores;
    private final Score[] scores;
    private final long[] weights;
    private final Reserve[] reserves;
    private final Permit[] permits;
    private final PreBind[] preBinds;
    private final Bind[] binds;
    private final int percentageOfNodesToScore;
    private final ProfileHandle handle;
    private final RandomGenerator random;
    private int nextStart;

    Profile(String schedulerName, QueueSort queueSort, List<PreFilter> preFilters, List<Filter> filters,
            List<PostFilter> postFilters, List<PreScore> preScores, List<Score> scores, long[] weights,
            List<Reserve> reserves, List<Permit> permits, List<PreBind> preBinds, List<Bind> binds,
            int percentageOfNodesToScore, ProfileHandle handle, RandomGenerator random) {
        this.schedulerName = schedulerName;
        this.queueSort = queueSort;
        this.preFilters = preFilters.toArray(PreFilter[]::new);
        this.filters = filters.toArray(Filter[]::new);
        this.postFilters = postFilters.toArray(PostFilter[]::new);
        this.preScores = preScores.toArray(PreScore[]::new);
        this.scores = scores.toArray(Score[]::new);
        this.weights = weights.clone();
        this.reserves = reserves.toArray(Reserve[]::new);
        this.permits = permits.toArray(Permit[]::new);
        this.preBinds = preBinds.toArray(PreBind[]::new);
        this.binds = binds.toArray(Bind[]::new);
        this.percentageOfNodesToScore = percentageOfNodesToScore;
        this.handle = handle;
        this.random = random;
        handle.attach(this);
    }

    public String schedulerName() {
        return schedulerName;
    }

    public QueueSort queueSort() {
        return queueSort;
    }

    /** Policy names per stage, for logs and tests. */
    public Map<String, List<String>> describe() {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        out.put("queueSort", List.of(queueSort.name()));
        out.put("preFilter", names(preFilters));
        out.put("filter", names(filters));
        out.put("postFilter", names(postFilters));
        out.put("preScore", names(preScores));
        List<String> s = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            s.add(scores[i].name() + "=" + weights[i]);
        }
        out.put("score", s);
        out.put("reserve", names(reserves));
        out.put("permit", names(permits));
        out.put("preBind", names(preBinds));
        out.put("bind", names(binds));
        return out;
    }

    private static List<String> names(io.timonel.spi.scheduler.Policy[] policies) {
        return Arrays.stream(policies).map(io.timonel.spi.scheduler.Policy::name).toList();
    }

    /** How many feasible nodes to look for among {@code all}: Kubernetes' adaptive percentage. */
    int feasibleNodesToFind(int all) {
        if (all < MIN_FEASIBLE_NODES_TO_FIND) {
            return all;
        }
        int percentage = percentageOfNodesToScore;
        if (percentage == 0) {
            percentage = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - all / 125);
        }
        if (percentage >= 100) {
            return all;
        }
        return Math.max(MIN_FEASIBLE_NODES_TO_FIND, all * percentage / 100);
    }

    /** One scheduling cycle for {@code pod} against {@code snapshot}. */
    public ScheduleResult schedule(PodInfo pod, Snapshot snapshot) {
        return schedule(pod, snapshot, null);
    }

    /**
     * One scheduling cycle for {@code pod} against {@code snapshot}, leaving room on each node for
     * the pods preemption nominated there (null: none).
     */
    public ScheduleResult schedule(PodInfo pod, Snapshot snapshot, NominatedPods nominated) {
        boolean withNominated = nominated != null && !nominated.isEmpty();
        handle.use(snapshot);
        CycleState state = new CycleState();
        int all = snapshot.size();
        if (all == 0) {
            return new ScheduleResult.Unschedulable("0/0 nodes are available.", null);
        }
        boolean[] skipped = new boolean[filters.length];
        state.write(SKIPPED_FILTERS, skipped);
        for (PreFilter p : preFilters) {
            Status s = call(() -> p.preFilter(state, pod, snapshot), p.name());
            if (s.isSkip()) {
                markSkipped(p, skipped);
            } else if (s.code() == Status.Code.ERROR) {
                return new ScheduleResult.Failed(s);
            } else if (s.isRejected()) {
                Map<String, Status> everyNode = new HashMap<>();
                for (NodeInfo n : snapshot.nodes()) {
                    everyNode.put(n.name(), s);
                }
                String preemption = postFilter(state, pod, everyNode).message;
                String message = FailureMessage.preFilter(all, s)
                        + (preemption == null ? "" : " preemption: " + preemption);
                return new ScheduleResult.Unschedulable(message, null);
            }
        }

        int wanted = feasibleNodesToFind(all);
        NodeInfo[] feasible = new NodeInfo[wanted];
        int found = 0;
        Map<String, Status> rejections = null;
        List<NodeInfo> nodes = snapshot.nodes();
        int start = nextStart % all;
        int checked = 0;
        while (checked < all && found < wanted) {
            NodeInfo node = nodes.get((start + checked) % all);
            checked++;
            Status s = filter(state, pod, withNominated ? nominated.withNominated(node, pod) : node, skipped);
            if (s.isSuccess()) {
                feasible[found++] = node;
            } else if (s.code() == Status.Code.ERROR) {
                return new ScheduleResult.Failed(s);
            } else {
                if (rejections == null) {
                    rejections = new HashMap<>();
                }
                rejections.put(node.name(), s);
            }
        }
        nextStart = (start + checked) % all;
        if (found == 0) {
            PostOutcome post = postFilter(state, pod, rejections == null ? Map.of() : rejections);
            return new ScheduleResult.Unschedulable(FailureMessage.of(all, rejections == null ? Map.of() : rejections,
                    post.message), post.nominated);
        }
        if (found == 1) {
            return new ScheduleResult.Scheduled(feasible[0].name(), state, checked, 1);
        }
        long[] total = new long[found];
        Status scored = score(state, pod, feasible, found, total);
        if (!scored.isSuccess()) {
            return new ScheduleResult.Failed(scored);
        }
        // the best, ties broken at random (reservoir sampling)
        int best = 0;
        int ties = 1;
        for (int i = 1; i < found; i++) {
            if (total[i] > total[best]) {
                best = i;
                ties = 1;
            } else if (total[i] == total[best]) {
                ties++;
                if (random.nextInt(ties) == 0) {
                    best = i;
                }
            }
        }
        return new ScheduleResult.Scheduled(feasible[best].name(), state, checked, found);
    }

    private void markSkipped(PreFilter p, boolean[] skipped) {
        for (int i = 0; i < filters.length; i++) {
            if (filters[i] == p) {
                skipped[i] = true;
            }
        }
    }

    private Status filter(CycleState state, PodInfo pod, NodeInfo node, boolean[] skipped) {
        for (int i = 0; i < filters.length; i++) {
            if (skipped[i]) {
                continue;
            }
            Status s;
            try {
                s = filters[i].filter(state, pod, node);
            } catch (RuntimeException e) {
                return Status.error(filters[i].name() + ": " + e).from(filters[i].name());
            }
            if (!s.isSuccess() && !s.isSkip()) {
                return s.from(filters[i].name());
            }
        }
        return Status.success();
    }

    /** The filters for one node, with the cycle's state (preemption asks this of modified nodes). */
    Status runFilters(CycleState state, PodInfo pod, NodeInfo node) {
        boolean[] skipped = state.read(SKIPPED_FILTERS);
        return filter(state, pod, node, skipped == null ? new boolean[filters.length] : skipped);
    }

    private record PostOutcome(String nominated, String message) {
    }

    private PostOutcome postFilter(CycleState state, PodInfo pod, Map<String, Status> rejections) {
        String message = null;
        for (PostFilter p : postFilters) {
            PostFilter.Result r;
            try {
                r = p.postFilter(state, pod, rejections);
            } catch (RuntimeException e) {
                return new PostOutcome(null, p.name() + " failed: " + e);
            }
            if (r.status().isSuccess()) {
                return new PostOutcome(r.nominatedNode(), null);
            }
            message = r.status().message();
        }
        return new PostOutcome(null, message);
    }

    private Status score(CycleState state, PodInfo pod, NodeInfo[] feasible, int found, long[] total) {
        boolean[] skip = new boolean[scores.length];
        if (preScores.length > 0) {
            List<NodeInfo> list = Arrays.asList(feasible).subList(0, found);
            for (PreScore p : preScores) {
                Status s = call(() -> p.preScore(state, pod, list), p.name());
                if (s.isSkip()) {
                    for (int i = 0; i < scores.length; i++) {
                        if (scores[i] == p) {
                            skip[i] = true;
                        }
                    }
                } else if (!s.isSuccess()) {
                    return s;
                }
            }
        }
        long[] raw = new long[found];
        for (int i = 0; i < scores.length; i++) {
            if (skip[i]) {
                continue;
            }
            Score score = scores[i];
            try {
                for (int n = 0; n < found; n++) {
                    raw[n] = score.score(state, pod, feasible[n]);
                }
                if (score instanceof NormalizeScore normalize) {
                    normalize.normalize(state, pod, new NodeScores(feasible, raw, found));
                }
            } catch (RuntimeException e) {
                return Status.error(score.name() + ": " + e).from(score.name());
            }
            long weight = weights[i];
            for (int n = 0; n < found; n++) {
                total[n] += raw[n] * weight;
            }
        }
        return Status.success();
    }

    private static Status call(java.util.function.Supplier<Status> stage, String name) {
        try {
            return stage.get().from(name);
        } catch (RuntimeException e) {
            return Status.error(name + ": " + e).from(name);
        }
    }

    /** Reserve, then permit; on a rejection every reserve policy is unreserved and the status returned. */
    public Status reserveAndPermit(CycleState state, PodInfo pod, String node) {
        for (int i = 0; i < reserves.length; i++) {
            Reserve r = reserves[i];
            Status s = call(() -> r.reserve(state, pod, node), r.name());
            if (!s.isSuccess() && !s.isSkip()) {
                unreserve(state, pod, node);
                return s;
            }
        }
        for (Permit p : permits) {
            Status s = call(() -> p.permit(state, pod, node), p.name());
            if (!s.isSuccess() && !s.isSkip()) {
                unreserve(state, pod, node);
                return s;
            }
        }
        return Status.success();
    }

    /** Every reserve policy's unreserve, in reverse order. */
    public void unreserve(CycleState state, PodInfo pod, String node) {
        for (int i = reserves.length - 1; i >= 0; i--) {
            try {
                reserves[i].unreserve(state, pod, node);
            } catch (RuntimeException e) {
                // unreserve cannot fail by contract; a policy that throws must not stop the others
            }
        }
    }

    public boolean hasPreBind() {
        return preBinds.length > 0;
    }

    /** Pre-bind policies in order (binding thread). */
    public Status preBind(CycleState state, PodInfo pod, String node) {
        for (PreBind p : preBinds) {
            Status s = call(() -> p.preBind(state, pod, node), p.name());
            if (!s.isSuccess() && !s.isSkip()) {
                return s;
            }
        }
        return Status.success();
    }

    /** The first bind policy that does not skip binds the pod. */
    public CompletionStage<Status> bind(CycleState state, PodInfo pod, String node) {
        return bindFrom(0, state, pod, node);
    }

    private CompletionStage<Status> bindFrom(int i, CycleState state, PodInfo pod, String node) {
        if (i >= binds.length) {
            return CompletableFuture.completedFuture(Status.error("no bind policy bound the pod"));
        }
        CompletionStage<Status> stage;
        try {
            stage = binds[i].bind(state, pod, node);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Status.error(binds[i].name() + ": " + e));
        }
        return stage.thenCompose(s -> s.isSkip() ? bindFrom(i + 1, state, pod, node) : CompletableFuture.completedFuture(s));
    }
}
