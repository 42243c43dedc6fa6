package io.timonel.plugins.admission.quota;

import static io.timonel.plugins.admission.testing.Fixtures.CONFIGMAPS;
import static io.timonel.plugins.admission.testing.Fixtures.DEPLOYMENTS;
import static io.timonel.plugins.admission.testing.Fixtures.PODS;
import static io.timonel.plugins.admission.testing.Fixtures.create;
import static io.timonel.plugins.admission.testing.Fixtures.denial;
import static io.timonel.plugins.admission.testing.Fixtures.json;
import static io.timonel.plugins.admission.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.admission.testing.FakeObjectReader;
import io.timonel.spi.admission.AdmissionResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResourceQuotaAdmissionTest {
    private final MutableClock clock = new MutableClock();
    private final ResourceQuotaAdmission plugin = new ResourceQuotaAdmission(clock, Duration.ofSeconds(30));

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private static FakeObjectReader withQuota(String name, String spec) {
        return new FakeObjectReader().put("", "resourcequotas",
                json("{'metadata':{'name':'" + name + "','namespace':'ns'},'spec':" + spec + "}"));
    }

    private static ObjectNode configMap(String name) {
        return json("{'metadata':{'name':'" + name + "','namespace':'ns','uid':'" + UUID.randomUUID() + "'}}");
    }

    static Stream<Arguments> refusals() {
        String small = "{'containers':[{'name':'c','resources':{'requests':{'cpu':'500m','memory':'128Mi'},"
                + "'limits':{'cpu':'1','memory':'256Mi'}}}]}";
        return Stream.of(
                Arguments.of("pods count", "{'hard':{'pods':'2'}}", List.of(small, small), small,
                        "exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2"),
                Arguments.of("cpu requests", "{'hard':{'requests.cpu':'1'}}", List.of(small), small.replace("500m", "600m"),
                        "exceeded quota: q, requested: requests.cpu=600m, used: requests.cpu=500m, "
                                + "limited: requests.cpu=1"),
                Arguments.of("memory limits in binary units", "{'hard':{'limits.memory':'300Mi'}}", List.of(small),
                        small, "exceeded quota: q, requested: limits.memory=256Mi, used: limits.memory=256Mi, "
                                + "limited: limits.memory=300Mi"),
                Arguments.of("several resources at once", "{'hard':{'pods':'1','cpu':'1'}}", List.of(small),
                        small.replace("500m", "1"), "exceeded quota: q, requested: cpu=1,pods=1, "
                                + "used: cpu=500m,pods=1, limited: cpu=1,pods=1"),
                Arguments.of("compute quota needs compute stated", "{'hard':{'limits.cpu':'4','requests.memory':'1Gi'}}",
                        List.of(), "{'containers':[{'name':'c'},{'name':'d','resources':{'limits':{'cpu':'1'}}}]}",
                        "failed quota: q: must specify limits.cpu for: c; requests.memory for: c,d"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void podsOverQuotaAreForbidden(String name, String quota, List<String> existing, String spec, String message) {
        FakeObjectReader objects = withQuota("q", quota);
        for (int i = 0; i < existing.size(); i++) {
            objects.put("", "pods", pod("ns", "old" + i, existing.get(i)));
        }
        assertEquals("pods \"new\" is forbidden: " + message,
                denial(plugin.admit(create(PODS, pod("ns", "new", spec), objects))));
    }

    @Test
    void finishedPodsDoNotCount() {
        FakeObjectReader objects = withQuota("q", "{'hard':{'pods':'1'}}");
        ObjectNode done = pod("ns", "done", "{'containers':[]}");
        done.putObject("status").put("phase", "Succeeded");
        objects.put("", "pods", done);
        assertInstanceOf(AdmissionResult.Allowed.class, plugin.admit(create(PODS, pod("ns", "p", "{}"), objects)));
    }

    @Test
    void objectCountsCoverAnyGroup() {
        FakeObjectReader objects = withQuota("q", "{'hard':{'count/deployments.apps':'1'}}");
        objects.put("apps", "deployments", json("{'metadata':{'name':'d1','namespace':'ns'}}"));
        assertEquals("deployments.apps \"d2\" is forbidden: exceeded quota: q, requested: count/deployments.apps=1, "
                        + "used: count/deployments.apps=1, limited: count/deployments.apps=1",
                denial(plugin.admit(create(DEPLOYMENTS, json("{'metadata':{'name':'d2','namespace':'ns'}}"), objects))));
    }

    @Test
    void scopedQuotaCountsOnlyMatchingPods() {
        FakeObjectReader objects = withQuota("q", "{'hard':{'pods':'1'},'scopes':['BestEffort']}");
        objects.put("", "pods", pod("ns", "be", "{'containers':[{'name':'c'}]}"));
        String burstable = "{'containers':[{'name':'c','resources':{'requests':{'cpu':'1'}}}]}";
        assertInstanceOf(AdmissionResult.Allowed.class,
                plugin.admit(create(PODS, pod("ns", "b", burstable), objects)));
        denial(plugin.admit(create(PODS, pod("ns", "be2", "{'containers':[{'name':'c'}]}"), objects)));
    }

    @Test
    void admittedButUnseenObjectsCountUntilTheCacheShowsThem() {
        FakeObjectReader objects = withQuota("q", "{'hard':{'configmaps':'2'}}");
        ObjectNode first = configMap("a");
        assertInstanceOf(AdmissionResult.Allowed.class, plugin.admit(create(CONFIGMAPS, first, objects)));
        assertInstanceOf(AdmissionResult.Allowed.class, plugin.admit(create(CONFIGMAPS, configMap("b"), objects)));
        // Neither write has reached the cache yet, and still a third is refused.
        denial(plugin.admit(create(CONFIGMAPS, configMap("c"), objects)));
        // Once "a" is visible it is counted once, not twice.
        objects.put("", "configmaps", first);
        denial(plugin.admit(create(CONFIGMAPS, configMap("c"), objects)));
    }

    @Test
    void reservationOfAWriteThatNeverLandedExpires() {
        FakeObjectReader objects = withQuota("q", "{'hard':{'configmaps':'1'}}");
        assertInstanceOf(AdmissionResult.Allowed.class, plugin.admit(create(CONFIGMAPS, configMap("a"), objects)));
        denial(plugin.admit(create(CONFIGMAPS, configMap("b"), objects)));
        clock.advance(Duration.ofSeconds(31));
        assertInstanceOf(AdmissionResult.Allowed.class, plugin.admit(create(CONFIGMAPS, configMap("b"), objects)));
    }

    @Test
    void dryRunChecksButReservesNothing() {
        FakeObjectReader objects = withQuota("q", "{'hard':{'configmaps':'1'}}");
        assertInstanceOf(AdmissionResult.Allowed.class,
                plugin.admit(create(CONFIGMAPS, configMap("a"), objects, true)));
        assertInstanceOf(AdmissionResult.Allowed.class, plugin.admit(create(CONFIGMAPS, configMap("a"), objects)));
        denial(plugin.admit(create(CONFIGMAPS, configMap("b"), objects, true)));
    }

    @Test
    void namespaceWithoutQuotaAdmitsEverything() {
        FakeObjectReader objects = new FakeObjectReader();
        for (int i = 0; i < 5; i++) {
            assertInstanceOf(AdmissionResult.Allowed.class,
                    plugin.admit(create(CONFIGMAPS, configMap("c" + i), objects)));
        }
    }

    @Test
    void concurrentCreatesNeverOvershootTheQuota() throws Exception {
        int limit = 10;
        int threads = 16;
        FakeObjectReader objects = withQuota("q", "{'hard':{'pods':'" + limit + "','requests.cpu':'5'}}");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger admitted = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 10; i++) {
                        ObjectNode pod = pod("ns", "p-" + id + "-" + i,
                                "{'containers':[{'name':'c','resources':{'requests':{'cpu':'250m'}}}]}");
                        if (plugin.admit(create(PODS, pod, objects)) instanceof AdmissionResult.Allowed) {
                            admitted.incrementAndGet();
                            // The store write lands and the cache sees it, at its own pace.
                            if (i % 2 == 0) {
                                objects.put("", "pods", pod);
                            } else {
                                pool.submit(() -> objects.put("", "pods", pod));
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        // 5 cores at 250m each is 20 pods; the pod count (10) binds first.
        assertEquals(limit, admitted.get());
        assertEquals(limit, objects.list("", "pods", "ns").size());
    }
}
