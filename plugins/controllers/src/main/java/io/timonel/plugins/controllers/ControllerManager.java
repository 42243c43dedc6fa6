package io.timonel.plugins.controllers;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.timonel.plugins.controllers.cronjob.CronJobLoop;
import io.timonel.plugins.controllers.daemonset.DaemonSetLoop;
import io.timonel.plugins.controllers.deployment.DeploymentLoop;
import io.timonel.plugins.controllers.disruption.DisruptionLoop;
import io.timonel.plugins.controllers.endpoints.EndpointSliceLoop;
import io.timonel.plugins.controllers.endpoints.EndpointsLoop;
import io.timonel.plugins.controllers.endpoints.KubernetesServiceLoop;
import io.timonel.plugins.controllers.gc.GarbageCollectorLoop;
import io.timonel.plugins.controllers.hpa.HorizontalPodAutoscalerLoop;
import io.timonel.plugins.controllers.job.JobLoop;
import io.timonel.plugins.controllers.kit.ControlLoop;
import io.timonel.plugins.controllers.kit.ControllerRuntime;
import io.timonel.plugins.controllers.kit.Informers;
import io.timonel.plugins.controllers.nodeipam.NodeIpamLoop;
import io.timonel.plugins.controllers.nodelifecycle.NodeLifecycleLoop;
import io.timonel.plugins.controllers.quota.ResourceQuotaLoop;
import io.timonel.plugins.controllers.replicaset.ReplicaSetLoop;
import io.timonel.plugins.controllers.serviceaccount.RootCaPublisherLoop;
import io.timonel.plugins.controllers.serviceaccount.ServiceAccountLoop;
import io.timonel.plugins.controllers.statefulset.StatefulSetLoop;
import io.timonel.spi.controller.Controller;
import io.timonel.spi.controller.ControllerContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in control loops as one controller, as kube-controller-manager is one process: they
 * share one client and one informer per type. The setting {@code controllers} chooses the loops
 * like kube-controller-manager's flag: {@code *} is all of them (the default), {@code -job} leaves
 * one out, a bare name adds one: {@code "*,-horizontal-pod-autoscaler"}.
 */
@Extension
public final class ControllerManager implements Controller {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerManager.class);

    /** Every built-in loop, by the name the {@code controllers} setting uses. */
    static final List<Supplier<ControlLoop>> LOOPS = List.of(
            ServiceAccountLoop::new,
            RootCaPublisherLoop::new,
            ReplicaSetLoop::replicaSets,
            ReplicaSetLoop::replicationControllers,
            DeploymentLoop::new,
            StatefulSetLoop::new,
            DaemonSetLoop::new,
            JobLoop::new,
            CronJobLoop::new,
            GarbageCollectorLoop::new,
            EndpointsLoop::new,
            EndpointSliceLoop::new,
            KubernetesServiceLoop::new,
            NodeLifecycleLoop::new,
            NodeIpamLoop::new,
            DisruptionLoop::new,
            ResourceQuotaLoop::new,
            HorizontalPodAutoscalerLoop::new);

    private final List<ControlLoop> running = new ArrayList<>();
    private KubernetesClient client;
    private Informers informers;
    private ScheduledExecutorService timers;
    private ExecutorService writes;
    private volatile boolean stopped;

    @Override
    public String name() {
        return "controller-manager";
    }

    @Override
    public void start(ControllerContext context) {
        stopped = false;
        Config config = Config.fromKubeconfig(context.api().kubeconfig());
        config.setMaxConcurrentRequests(128);
        config.setMaxConcurrentRequestsPerHost(64);
        client = new KubernetesClientBuilder().withConfig(config).build();
        informers = new Informers(client);
        timers = Executors.newScheduledThreadPool(1, daemon("controller-manager-timers"));
        writes = Executors.newFixedThreadPool(4, daemon("controller-manager-writes"));
        ControllerRuntime runtime = new ControllerRuntime(client, informers, context.clock(), timers, writes,
                context.config(), context.api().caPem());
        Set<String> enabled = enabled(context.config().getOrDefault("controllers", "*"),
                LOOPS.stream().map(s -> s.get().name()).toList());
        // Informers list everything before any loop acts: off the kernel's thread.
        Thread starter = new Thread(() -> startLoops(runtime, enabled), "controller-manager-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void startLoops(ControllerRuntime runtime, Set<String> enabled) {
        List<ControlLoop> loops = LOOPS.stream().map(Supplier::get).filter(l -> enabled.contains(l.name())).toList();
        loops.forEach(loop -> loop.prepare(runtime));
        for (int attempt = 1; !stopped; attempt++) {
            try {
                informers.startAll(Duration.ofSeconds(60));
                break;
            } catch (Exception e) {
                LOG.warn("controller-manager: informers not synced (attempt {}): {}", attempt, e.toString());
            }
        }
        synchronized (running) {
            if (stopped) {
                return;
            }
            for (ControlLoop loop : loops) {
                loop.run();
                running.add(loop);
            }
        }
        LOG.info("controller-manager: running {}", loops.stream().map(ControlLoop::name).toList());
    }

    /** The loops a {@code controllers} setting selects among {@code all}. */
    static Set<String> enabled(String setting, List<String> all) {
        Set<String> chosen = new LinkedHashSet<>();
        for (String part : setting.split(",")) {
            String item = part.trim();
            if (item.equals("*")) {
                chosen.addAll(all);
            } else if (item.startsWith("-")) {
                chosen.remove(item.substring(1));
            } else if (!item.isEmpty()) {
                chosen.add(item);
            }
        }
        chosen.retainAll(all);
        return chosen;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void stop() {
        stopped = true;
        synchronized (running) {
            running.forEach(ControlLoop::stop);
            running.clear();
        }
        if (informers != null) {
            informers.close();
        }
        if (timers != null) {
            timers.shutdownNow();
            writes.shutdownNow();
        }
        if (client != null) {
            client.close();
        }
    }
}
