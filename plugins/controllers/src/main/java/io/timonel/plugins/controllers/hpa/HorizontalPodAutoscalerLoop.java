package io.timonel.plugins.controllers.hpa;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerCondition;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerConditionBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.timonel.plugins.controllers.kit.ControlLoop;
import io.timonel.plugins.controllers.kit.ControllerRuntime;
import io.timonel.plugins.controllers.kit.Durations;
import io.timonel.plugins.controllers.kit.EventRecorder;
import io.timonel.plugins.controllers.kit.Handlers;
import io.timonel.plugins.controllers.kit.Keys;
import io.timonel.plugins.controllers.kit.LabelSelectors;
import io.timonel.plugins.controllers.kit.PodStates;
import io.timonel.plugins.controllers.kit.ReconcileLoop;
import io.timonel.plugins.controllers.kit.Reconciler.Result;
import io.timonel.plugins.controllers.kit.SameContent;
import io.timonel.plugins.controllers.kit.WorkQueue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Kubernetes' HorizontalPodAutoscaler controller (autoscaling/v2), every
 * {@code horizontal-pod-autoscaler-sync-period} (15s): reads the target's {@code /scale}, computes
 * the replicas each Resource metric wants from PodMetrics ({@link ReplicaCalculator}), takes the
 * largest, applies behavior ({@link Normalizer}) and min/max, rescales through {@code /scale}
 * ({@code SuccessfulRescale}), and writes status: currentReplicas, desiredReplicas, currentMetrics,
 * lastScaleTime and the conditions AbleToScale, ScalingActive and ScalingLimited.
 * Pods, External and Object metrics are not supported (ScalingActive False, InvalidMetricSourceType).
 */
public final class HorizontalPodAutoscalerLoop implements ControlLoop {
    private ControllerRuntime runtime;
    private EventRecorder events;
    private SharedIndexInformer<HorizontalPodAutoscaler> autoscalers;
    private SharedIndexInformer<Pod> pods;
    private WorkQueue queue;
    private ReconcileLoop loop;
    private PodMetricsSource metrics;
    private Duration period;
    private double tolerance;
    private Duration cpuInitializationPeriod;
    private Duration initialReadinessDelay;
    private int downscaleWindow;
    private final Map<String, Normalizer> history = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "horizontal-pod-autoscaler";
    }

    @Override
    public void prepare(ControllerRuntime runtime) {
        this.runtime = runtime;
        period = Durations.setting(runtime.settings(), "horizontal-pod-autoscaler-sync-period", Duration.ofSeconds(15));
        downscaleWindow = (int) Durations.setting(runtime.settings(), "horizontal-pod-autoscaler-downscale-stabilization",
                Duration.ofMinutes(5)).toSeconds();
        cpuInitializationPeriod = Durations.setting(runtime.settings(),
                "horizontal-pod-autoscaler-cpu-initialization-period", Duration.ofMinutes(5));
        initialReadinessDelay = Durations.setting(runtime.settings(),
                "horizontal-pod-autoscaler-initial-readiness-delay", Duration.ofSeconds(30));
        String t = runtime.settings().get("horizontal-pod-autoscaler-tolerance");
        tolerance = t == null || t.isBlank() ? 0.1 : Double.parseDouble(t.trim());
        metrics = new ApiPodMetricsSource(runtime.client());
        events = runtime.events("horizontal-pod-autoscaler");
        queue = runtime.newQueue();
        autoscalers = runtime.informers().of(HorizontalPodAutoscaler.class);
        pods = runtime.informers().of(Pod.class);
        autoscalers.addEventHandler(Handlers.onAny(h -> queue.add(Keys.of(h))));
        loop = new ReconcileLoop(name(), queue, this::reconcile);
    }

    Result reconcile(String key) {
        HorizontalPodAutoscaler hpa = autoscalers.getStore().getByKey(key);
        if (hpa == null) {
            history.remove(key);
            return Result.done();
        }
        Instant now = runtime.clock().instant();
        String ns = hpa.getMetadata().getNamespace();
        Conditions conditions = new Conditions(hpa, now);
        HorizontalPodAutoscalerStatus status = new HorizontalPodAutoscalerStatus();
        HorizontalPodAutoscalerStatus old = hpa.getStatus();
        status.setLastScaleTime(old == null ? null : old.getLastScaleTime());
        status.setCurrentMetrics(old == null ? null : old.getCurrentMetrics());
        status.setObservedGeneration(hpa.getMetadata().getGeneration());
        CrossVersionObjectReference ref = hpa.getSpec().getScaleTargetRef();
        Scale scale;
        try {
            scale = target(ns, ref).scale();
        } catch (RuntimeException e) {
            conditions.set("AbleToScale", "False", "FailedGetScale",
                    "the HPA controller was unable to get the target's current scale: " + message(e));
            events.warning(hpa, "FailedGetScale", message(e));
            return write(hpa, status, conditions, old == null || old.getCurrentReplicas() == null ? 0 : old.getCurrentReplicas(),
                    old == null || old.getDesiredReplicas() == null ? 0 : old.getDesiredReplicas());
        }
        conditions.set("AbleToScale", "True", "SucceededGetScale", "the HPA controller was able to get the target's current scale");
        int current = scale.getSpec() == null || scale.getSpec().getReplicas() == null ? 0 : scale.getSpec().getReplicas();
        int min = hpa.getSpec().getMinReplicas() == null ? 1 : hpa.getSpec().getMinReplicas();
        int max = hpa.getSpec().getMaxReplicas();
        int desired;
        String reason;
        if (current == 0 && min != 0) {
            conditions.set("ScalingActive", "False", "ScalingDisabled", "scaling is disabled since the replica count of the target is zero");
            return write(hpa, status, conditions, current, 0);
        } else if (current > max) {
            desired = max;
            reason = "Current number of replicas above Spec.MaxReplicas";
        } else if (current < min) {
            desired = min;
            reason = "Current number of replicas below Spec.MinReplicas";
        } else {
            Optional<Predicate<Map<String, String>>> selector = selector(ns, ref, scale);
            if (selector.isEmpty()) {
                conditions.set("ScalingActive", "False", "InvalidSelector", "the HPA target's scale is missing a selector");
                events.warning(hpa, "SelectorRequired", "selector is required");
                return write(hpa, status, conditions, current, current);
            }
            List<Pod> selected = pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns).stream()
                    .filter(p -> selector.get().test(p.getMetadata().getLabels())).toList();
            int proposal = -1;
            String metricName = "";
            List<MetricStatus> statuses = new ArrayList<>();
            String failure = null;
            String failureReason = null;
            String firstFailure = null;
            for (MetricSpec spec : hpa.getSpec().getMetrics() == null ? defaultMetrics() : hpa.getSpec().getMetrics()) {
                if (!"Resource".equals(spec.getType()) || spec.getResource() == null) {
                    failureReason = "InvalidMetricSourceType";
                    failure = "the HPA was unable to compute the replica count: unsupported metric source type \""
                            + spec.getType() + "\"";
                    continue;
                }
                MetricOutcome outcome = resourceMetric(ns, spec, selected, current);
                if (outcome.failure != null) {
                    failureReason = "FailedGetResourceMetric";
                    failure = "the HPA was unable to compute the replica count: " + outcome.failure;
                    firstFailure = firstFailure == null
                            ? "failed to get " + spec.getResource().getName() + " resource metric value: " + outcome.failure
                            : firstFailure;
                    events.warning(hpa, "FailedGetResourceMetric", outcome.failure);
                    continue;
                }
                statuses.add(outcome.status);
                if (outcome.replicas > proposal) {
                    proposal = outcome.replicas;
                    metricName = outcome.name;
                }
            }
            int invalid = (int) (hpa.getSpec().getMetrics() == null ? 1 : hpa.getSpec().getMetrics().size()) - statuses.size();
            if (invalid > 0 && firstFailure != null) {
                events.warning(hpa, "FailedComputeMetricsReplicas", "invalid metrics (" + invalid + " invalid out of "
                        + (invalid + statuses.size()) + "), first error is: " + firstFailure);
            }
            if (proposal < 0) {
                conditions.set("ScalingActive", "False", failureReason == null ? "FailedGetResourceMetric" : failureReason,
                        failure == null ? "the HPA was unable to compute the replica count: no metrics" : failure);
                return write(hpa, status, conditions, current, current);
            }
            status.setCurrentMetrics(statuses);
            conditions.set("ScalingActive", "True", "ValidMetricFound",
                    "the HPA was able to successfully calculate a replica count from " + metricName);
            reason = proposal > current ? metricName + " above target" : "All metrics below target";
            Normalizer normalizer = history.computeIfAbsent(key, k -> new Normalizer());
            Normalizer.Decision decision = normalizer.normalize(current, proposal, min, max,
                    ScalingRules.up(hpa.getSpec().getBehavior()),
                    ScalingRules.down(hpa.getSpec().getBehavior(), downscaleWindow), now);
            conditions.set("AbleToScale", "True", decision.stabilizeReason(), decision.stabilizeMessage());
            conditions.set("ScalingLimited", decision.limited() ? "True" : "False", decision.limitReason(),
                    decision.limitMessage());
            desired = decision.replicas();
        }
        if (desired != current) {
            try {
                target(ns, ref).scale(new ScaleBuilder(scale).editOrNewSpec().withReplicas(desired).endSpec().build());
            } catch (RuntimeException e) {
                conditions.set("AbleToScale", "False", "FailedUpdateScale",
                        "the HPA controller was unable to update the target scale: " + message(e));
                events.warning(hpa, "FailedRescale", "New size: " + desired + "; reason: " + reason + "; error: " + message(e));
                return write(hpa, status, conditions, current, current);
            }
            conditions.set("AbleToScale", "True", "SucceededRescale",
                    "the HPA controller was able to update the target scale to " + desired);
            events.normal(hpa, "SuccessfulRescale", "New size: " + desired + "; reason: " + reason);
            history.computeIfAbsent(key, k -> new Normalizer()).scaled(current, desired, now);
            status.setLastScaleTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
        }
        return write(hpa, status, conditions, current, desired);
    }

    /**
     * The pods the target runs, from its scale's {@code status.selector}; for the built-in
     * workloads, whose scale the kernel serves without one for now, from their {@code spec.selector}.
     */
    private Optional<Predicate<Map<String, String>>> selector(String ns, CrossVersionObjectReference ref, Scale scale) {
        String text = scale.getStatus() == null ? null : scale.getStatus().getSelector();
        if (text != null && !text.isEmpty()) {
            return LabelSelectors.parse(text);
        }
        var client = runtime.client();
        io.fabric8.kubernetes.api.model.LabelSelector selector = switch (ref.getKind()) {
            case "Deployment" -> Optional.ofNullable(client.apps().deployments().inNamespace(ns).withName(ref.getName()).get())
                    .map(d -> d.getSpec().getSelector()).orElse(null);
            case "ReplicaSet" -> Optional.ofNullable(client.apps().replicaSets().inNamespace(ns).withName(ref.getName()).get())
                    .map(d -> d.getSpec().getSelector()).orElse(null);
            case "StatefulSet" -> Optional.ofNullable(client.apps().statefulSets().inNamespace(ns).withName(ref.getName()).get())
                    .map(d -> d.getSpec().getSelector()).orElse(null);
            case "ReplicationController" -> Optional.ofNullable(client.replicationControllers().inNamespace(ns)
                            .withName(ref.getName()).get())
                    .map(rc -> new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
                            .withMatchLabels(rc.getSpec().getSelector()).build()).orElse(null);
            default -> null;
        };
        if (selector == null || ((selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty()))) {
            return Optional.empty();
        }
        return Optional.of(LabelSelectors.of(selector));
    }

    private static List<MetricSpec> defaultMetrics() {
        // autoscaling/v2 defaults a HPA without metrics to 80% cpu utilization
        return List.of(new io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder().withType("Resource")
                .withNewResource().withName("cpu").withNewTarget().withType("Utilization").withAverageUtilization(80)
                .endTarget().endResource().build());
    }

    private record MetricOutcome(int replicas, String name, MetricStatus status, String failure) {
    }

    private MetricOutcome resourceMetric(String ns, MetricSpec spec, List<Pod> selected, int current) {
        String resource = spec.getResource().getName();
        var target = spec.getResource().getTarget();
        boolean utilization = "Utilization".equals(target.getType());
        PodMetricsSource.Result result = metrics.podUsage(ns, resource);
        String kind = utilization ? "utilization" : "usage";
        if (result instanceof PodMetricsSource.Unavailable u) {
            return new MetricOutcome(0, "", null, "failed to get " + resource + " " + kind + ": " + u.message());
        }
        Map<String, Long> usage = ((PodMetricsSource.Usage) result).byPod();
        Map<String, PodMetricsSource.Sample> samples = ((PodMetricsSource.Usage) result).samples();
        Instant now = runtime.clock().instant();
        List<ReplicaCalculator.PodInfo> infos = selected.stream()
                .map(p -> info(p, resource, samples.get(p.getMetadata().getName()), now)).toList();
        ReplicaCalculator.Outcome outcome;
        String name;
        if (utilization) {
            int percent = target.getAverageUtilization() == null ? 80 : target.getAverageUtilization();
            outcome = ReplicaCalculator.utilization(current, infos, usage, percent, tolerance, resource);
            name = resource + " resource utilization (percentage of request)";
        } else {
            if (target.getAverageValue() == null) {
                return new MetricOutcome(0, "", null, "invalid resource metric source: neither a utilization target nor a value target was set");
            }
            long milli = ApiPodMetricsSource.milli(target.getAverageValue().toString());
            outcome = ReplicaCalculator.averageValue(current, infos, usage, milli, tolerance, resource);
            name = resource + " resource";
        }
        if (outcome instanceof ReplicaCalculator.Failure f) {
            return new MetricOutcome(0, "", null, "failed to get " + resource + " " + kind + ": " + f.message());
        }
        ReplicaCalculator.Proposal p = (ReplicaCalculator.Proposal) outcome;
        MetricStatus status = new MetricStatusBuilder().withType("Resource").withNewResource().withName(resource)
                .withNewCurrent().withAverageUtilization(p.utilization()).withAverageValue(new Quantity(milliText(p.averageMilli())))
                .endCurrent().endResource().build();
        return new MetricOutcome(p.replicas(), name, status, null);
    }

    private ReplicaCalculator.PodInfo info(Pod pod, String resource, PodMetricsSource.Sample sample, Instant now) {
        boolean ignored = PodStates.isTerminating(pod) || "Failed".equals(pod.getStatus() == null ? null : pod.getStatus().getPhase());
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        boolean unready = "Pending".equals(phase) || ("cpu".equals(resource) && CpuReadiness.unready(pod, sample, now,
                cpuInitializationPeriod, initialReadinessDelay));
        Long request = 0L;
        for (Container c : pod.getSpec().getContainers()) {
            Quantity q = c.getResources() == null || c.getResources().getRequests() == null ? null
                    : c.getResources().getRequests().get(resource);
            if (q == null) {
                request = null;
                break;
            }
            request += ApiPodMetricsSource.milli(q.toString());
        }
        return new ReplicaCalculator.PodInfo(pod.getMetadata().getName(), ignored, unready, request);
    }

    /** Milli-units in Kubernetes' canonical form: {@code 250m}, {@code 2}, {@code 104857600}. */
    static String milliText(long milli) {
        if (milli % 1000 != 0) {
            return milli + "m";
        }
        return new BigDecimal(milli / 1000).toPlainString();
    }

    private Resource<?> target(String ns, CrossVersionObjectReference ref) {
        var client = runtime.client();
        return switch (ref.getKind()) {
            case "Deployment" -> client.apps().deployments().inNamespace(ns).withName(ref.getName());
            case "ReplicaSet" -> client.apps().replicaSets().inNamespace(ns).withName(ref.getName());
            case "StatefulSet" -> client.apps().statefulSets().inNamespace(ns).withName(ref.getName());
            case "ReplicationController" -> client.replicationControllers().inNamespace(ns).withName(ref.getName());
            default -> client.genericKubernetesResources(ref.getApiVersion(), ref.getKind()).inNamespace(ns)
                    .withName(ref.getName());
        };
    }

    private static String message(RuntimeException e) {
        return e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null
                ? k.getStatus().getMessage() : String.valueOf(e.getMessage());
    }

    private Result write(HorizontalPodAutoscaler hpa, HorizontalPodAutoscalerStatus status, Conditions conditions,
                         int current, int desired) {
        status.setCurrentReplicas(current);
        status.setDesiredReplicas(desired);
        status.setConditions(conditions.list());
        if (!SameContent.equal(status, hpa.getStatus())) {
            try {
                runtime.client().autoscaling().v2().horizontalPodAutoscalers().resource(
                        new HorizontalPodAutoscalerBuilder(hpa).withStatus(status).build()).updateStatus();
            } catch (KubernetesClientException e) {
                return e.getCode() == 404 ? Result.done() : Result.retry();
            }
        }
        return Result.after(period);
    }

    @Override
    public void run() {
        loop.start(2);
    }

    @Override
    public void stop() {
        if (loop != null) {
            loop.close();
        }
    }

    /** The three conditions, keeping each one's transition time while its status stays. */
    private static final class Conditions {
        private final Map<String, HorizontalPodAutoscalerCondition> byType = new LinkedHashMap<>();
        private final HorizontalPodAutoscaler hpa;
        private final String now;

        Conditions(HorizontalPodAutoscaler hpa, Instant now) {
            this.hpa = hpa;
            this.now = now.truncatedTo(ChronoUnit.SECONDS).toString();
            if (hpa.getStatus() != null && hpa.getStatus().getConditions() != null) {
                hpa.getStatus().getConditions().forEach(c -> byType.put(c.getType(), c));
            }
        }

        void set(String type, String status, String reason, String message) {
            HorizontalPodAutoscalerCondition old = byType.get(type);
            String time = old != null && status.equals(old.getStatus()) ? old.getLastTransitionTime() : now;
            byType.put(type, new HorizontalPodAutoscalerConditionBuilder().withType(type).withStatus(status)
                    .withReason(reason).withMessage(message).withLastTransitionTime(time).build());
        }

        List<HorizontalPodAutoscalerCondition> list() {
            List<HorizontalPodAutoscalerCondition> out = new ArrayList<>();
            for (String type : List.of("AbleToScale", "ScalingActive", "ScalingLimited")) {
                if (byType.containsKey(type)) {
                    out.add(byType.get(type));
                }
            }
            return out;
        }
    }
}
