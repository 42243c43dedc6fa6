package io.timonel.plugins.scheduler.policies;

import static io.timonel.plugins.scheduler.policies.Fixtures.node;
import static io.timonel.plugins.scheduler.policies.Fixtures.pod;
import static io.timonel.plugins.scheduler.policies.Fixtures.state;
import static io.timonel.plugins.scheduler.policies.Fixtures.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.timonel.spi.scheduler.ClusterAccess;
import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.PostFilter;
import io.timonel.spi.scheduler.Status;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VolumeBindingTest {

    private static PodInfo mounting(String claim) {
        return pod("p", "1", b -> b.editSpec().addNewVolume().withName("v").withNewPersistentVolumeClaim().withClaimName(claim)
                .endPersistentVolumeClaim().endVolume().endSpec());
    }

    private static PersistentVolumeClaim claim(String name, String volume, String storageClass) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withVolumeName(volume).withStorageClassName(storageClass).endSpec().build();
    }

    static Stream<Arguments> volumeCases() {
        return Stream.of(
                Arguments.of("no claims", pod("p", "1"), Status.Code.SKIP),
                Arguments.of("missing claim", mounting("gone"), Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE),
                Arguments.of("bound claim", mounting("bound"), Status.Code.SUCCESS),
                Arguments.of("unbound, immediate binding", mounting("waiting"), Status.Code.UNSCHEDULABLE),
                Arguments.of("unbound, WaitForFirstConsumer", mounting("late"), Status.Code.SUCCESS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("volumeCases")
    void claimsMustExistAndBeBoundUnlessBindingWaits(String name, PodInfo pod, Status.Code code) {
        Map<String, PersistentVolumeClaim> claims = new HashMap<>(Map.of(
                "default/bound", claim("bound", "pv-1", "fast"),
                "default/waiting", claim("waiting", null, "fast"),
                "default/late", claim("late", null, "local")));
        ClusterAccess base = new Fixtures.FakeHandle(List.of()).cluster();
        ClusterAccess cluster = new ClusterAccess() {
            public java.util.concurrent.CompletionStage<Status> bind(io.fabric8.kubernetes.api.model.Pod p, String n) {
                return base.bind(p, n);
            }

            public java.util.concurrent.CompletionStage<Status> evict(io.fabric8.kubernetes.api.model.Pod v, io.fabric8.kubernetes.api.model.Pod p, String r) {
                return base.evict(v, p, r);
            }

            public java.util.concurrent.CompletionStage<Status> nominate(io.fabric8.kubernetes.api.model.Pod p, String n) {
                return base.nominate(p, n);
            }

            public Optional<PersistentVolumeClaim> claim(String ns, String n) {
                return Optional.ofNullable(claims.get(ns + "/" + n));
            }

            public Optional<String> volumeBindingMode(String sc) {
                return Optional.ofNullable(Map.of("fast", "Immediate", "local", "WaitForFirstConsumer").get(sc));
            }
        };
        assertEquals(code, new VolumeBinding(cluster).preFilter(state(), pod, null).code());
    }
}
