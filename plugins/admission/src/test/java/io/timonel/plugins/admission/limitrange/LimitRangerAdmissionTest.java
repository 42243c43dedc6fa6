package io.timonel.plugins.admission.limitrange;

import static io.timonel.plugins.admission.testing.Fixtures.PODS;
import static io.timonel.plugins.admission.testing.Fixtures.create;
import static io.timonel.plugins.admission.testing.Fixtures.json;
import static io.timonel.plugins.admission.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.plugins.admission.testing.FakeObjectReader;
import io.timonel.plugins.admission.testing.Fixtures;
import io.timonel.spi.admission.AdmissionResult;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LimitRangerAdmissionTest {
    private final LimitRangerAdmission plugin = new LimitRangerAdmission();

    private static FakeObjectReader withLimits(String limits) {
        return new FakeObjectReader().put("", "limitranges",
                json("{'metadata':{'name':'lr','namespace':'ns'},'spec':{'limits':" + limits + "}}"));
    }

    private static JsonNode resourcesOf(AdmissionResult r) {
        return Fixtures.mutatedObject(r).path("spec").path("containers").get(0).path("resources");
    }

    @Test
    void containerDefaultsFillMissingRequestsAndLimits() {
        FakeObjectReader objects = withLimits("[{'type':'Container','default':{'cpu':'500m','memory':'256Mi'},"
                + "'defaultRequest':{'cpu':'100m'}}]");
        AdmissionResult r = plugin.admit(create(PODS, pod("ns", "p", "{'containers':[{'name':'c',"
                + "'resources':{'limits':{'memory':'1Gi'}}}]}"), objects));
        JsonNode res = resourcesOf(r);
        assertEquals("100m", res.path("requests").path("cpu").asText());
        assertEquals("500m", res.path("limits").path("cpu").asText());
        assertEquals("1Gi", res.path("limits").path("memory").asText(), "a given limit is kept");
        assertEquals("256Mi", res.path("requests").path("memory").asText(),
                "the default request is the default limit, as LimitRange defaulting has it");
        String note = Fixtures.mutatedObject(r).path("metadata").path("annotations")
                .path(LimitRangerAdmission.ANNOTATION).asText();
        assertTrue(note.startsWith("LimitRanger plugin set: "), note);
        assertTrue(note.contains("cpu request for container c"), note);
    }

    @Test
    void maxBecomesTheDefaultLimitWhenNoDefaultIsGiven() {
        AdmissionResult r = plugin.admit(create(PODS, pod("ns", "p", "{'containers':[{'name':'c'}]}"),
                withLimits("[{'type':'Container','max':{'cpu':'1'}}]")));
        assertEquals("1", resourcesOf(r).path("limits").path("cpu").asText());
        assertEquals("1", resourcesOf(r).path("requests").path("cpu").asText());
    }

    @Test
    void namespaceWithoutLimitRangesLeavesPodsAlone() {
        assertInstanceOf(AdmissionResult.Allowed.class, plugin.admit(create(PODS,
                pod("ns", "p", "{'containers':[{'name':'c'}]}"), new FakeObjectReader())));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("limit over container max",
                        "[{'type':'Container','max':{'cpu':'1'}}]",
                        "[{'name':'c','resources':{'limits':{'cpu':'2'}}}]",
                        "maximum cpu usage per Container is 1, but limit is 2"),
                Arguments.of("request under container min",
                        "[{'type':'Container','min':{'memory':'64Mi'}}]",
                        "[{'name':'c','resources':{'requests':{'memory':'32Mi'}}}]",
                        "minimum memory usage per Container is 64Mi, but request is 32Mi"),
                Arguments.of("limit to request ratio",
                        "[{'type':'Container','maxLimitRequestRatio':{'cpu':'2'}}]",
                        "[{'name':'c','resources':{'requests':{'cpu':'100m'},'limits':{'cpu':'500m'}}}]",
                        "cpu max limit to request ratio per Container is 2, but provided ratio is 5.000000"),
                Arguments.of("pod total over pod max",
                        "[{'type':'Pod','max':{'cpu':'1'}}]",
                        "[{'name':'a','resources':{'limits':{'cpu':'600m'}}},"
                                + "{'name':'b','resources':{'limits':{'cpu':'600m'}}}]",
                        "maximum cpu usage per Pod is 1, but limit is 1200m"),
                Arguments.of("pod max without limits",
                        "[{'type':'Pod','max':{'memory':'1Gi'}}]",
                        "[{'name':'a'}]",
                        "maximum memory usage per Pod is 1Gi.  No limit is specified"),
                Arguments.of("several violations are listed together",
                        "[{'type':'Container','max':{'cpu':'1','memory':'1Gi'}}]",
                        "[{'name':'c','resources':{'limits':{'cpu':'2','memory':'2Gi'}}}]",
                        "[maximum cpu usage per Container is 1, but limit is 2, "
                                + "maximum memory usage per Container is 1Gi, but limit is 2Gi]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void podsBreakingLimitsAreForbidden(String name, String limits, String containers, String message) {
        AdmissionResult r = plugin.admit(create(PODS, pod("ns", "p", "{'containers':" + containers + "}"),
                withLimits(limits)));
        assertEquals("pods \"p\" is forbidden: " + message, Fixtures.denial(r));
    }

    @Test
    void podWithinLimitsIsAdmitted() {
        AdmissionResult r = plugin.admit(create(PODS, pod("ns", "p", "{'containers':[{'name':'c',"
                + "'resources':{'requests':{'cpu':'250m'},'limits':{'cpu':'500m'}}}]}"),
                withLimits("[{'type':'Container','min':{'cpu':'100m'},'max':{'cpu':'1'},"
                        + "'maxLimitRequestRatio':{'cpu':'4'}}]")));
        assertInstanceOf(AdmissionResult.Allowed.class, r);
    }

    @Test
    void limitWithoutRequestCountsAsItsOwnRequestForMin() {
        AdmissionResult r = plugin.admit(create(PODS, pod("ns", "p", "{'containers':[{'name':'c',"
                + "'resources':{'limits':{'cpu':'200m'}}}]}"), withLimits("[{'type':'Pod','min':{'cpu':'100m'}}]")));
        assertInstanceOf(AdmissionResult.Allowed.class, r);
    }
}
