package io.timonel.plugins.controllers.nodelifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvictionTest {
    private static final Taint UNREACHABLE = new TaintBuilder().withKey("node.kubernetes.io/unreachable").withEffect("NoExecute").build();
    private static final Taint DEDICATED = new TaintBuilder().withKey("dedicated").withValue("db").withEffect("NoExecute").build();

    private static Pod pod(Toleration... tolerations) {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec().withTolerations(tolerations)
                .endSpec().build();
    }

    private static Toleration tol(String key, String op, String value, String effect, Long seconds) {
        return new TolerationBuilder().withKey(key).withOperator(op).withValue(value).withEffect(effect)
                .withTolerationSeconds(seconds).build();
    }

    @Test
    void evictionAsTolerationsSay() {
        record Case(String name, Pod pod, List<Taint> taints, Eviction expected) {
        }
        Eviction now = new Eviction.After(Duration.ZERO);
        for (Case c : List.of(
                new Case("no taints", pod(), List.of(), new Eviction.Never()),
                new Case("not tolerated", pod(), List.of(UNREACHABLE), now),
                new Case("tolerated for 300s", pod(tol("node.kubernetes.io/unreachable", "Exists", null, "NoExecute", 300L)),
                        List.of(UNREACHABLE), new Eviction.After(Duration.ofSeconds(300))),
                new Case("tolerated forever", pod(tol("node.kubernetes.io/unreachable", "Exists", null, "NoExecute", null)),
                        List.of(UNREACHABLE), new Eviction.Never()),
                new Case("empty key Exists tolerates all", pod(tol(null, "Exists", null, null, null)),
                        List.of(UNREACHABLE, DEDICATED), new Eviction.Never()),
                new Case("one of two tolerated", pod(tol("node.kubernetes.io/unreachable", "Exists", null, "NoExecute", 60L)),
                        List.of(UNREACHABLE, DEDICATED), now),
                new Case("least seconds wins", pod(tol("node.kubernetes.io/unreachable", "Exists", null, "NoExecute", 60L),
                        tol("dedicated", "Equal", "db", "NoExecute", 30L)), List.of(UNREACHABLE, DEDICATED),
                        new Eviction.After(Duration.ofSeconds(30))),
                new Case("wrong value", pod(tol("dedicated", "Equal", "web", "NoExecute", null)), List.of(DEDICATED), now),
                new Case("wrong effect", pod(tol("dedicated", "Equal", "db", "NoSchedule", null)), List.of(DEDICATED), now),
                new Case("zero seconds", pod(tol("dedicated", "Equal", "db", "NoExecute", 0L)), List.of(DEDICATED), now))) {
            assertEquals(c.expected(), Eviction.of(c.pod(), c.taints()), c.name());
        }
    }
}
