package io.timonel.plugins.admission.tolerations;

import static io.timonel.plugins.admission.testing.Fixtures.PODS;
import static io.timonel.plugins.admission.testing.Fixtures.create;
import static io.timonel.plugins.admission.testing.Fixtures.json;
import static io.timonel.plugins.admission.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.plugins.admission.testing.FakeObjectReader;
import io.timonel.spi.admission.AdmissionResult;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DefaultTolerationSecondsAdmissionTest {
    private static final String NOT_READY = "{'key':'node.kubernetes.io/not-ready','operator':'Exists',"
            + "'effect':'NoExecute','tolerationSeconds':300}";
    private static final String UNREACHABLE = "{'key':'node.kubernetes.io/unreachable','operator':'Exists',"
            + "'effect':'NoExecute','tolerationSeconds':300}";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("no tolerations gets both", "[]", "[" + NOT_READY + "," + UNREACHABLE + "]"),
                Arguments.of("own not-ready kept, unreachable added",
                        "[{'key':'node.kubernetes.io/not-ready','operator':'Exists','effect':'NoExecute','tolerationSeconds':10}]",
                        "[{'key':'node.kubernetes.io/not-ready','operator':'Exists','effect':'NoExecute','tolerationSeconds':10},"
                                + UNREACHABLE + "]"),
                Arguments.of("effect-less toleration covers NoExecute",
                        "[{'key':'node.kubernetes.io/unreachable','operator':'Exists'}]",
                        "[{'key':'node.kubernetes.io/unreachable','operator':'Exists'}," + NOT_READY + "]"),
                Arguments.of("tolerate-everything covers both", "[{'operator':'Exists'}]", "[{'operator':'Exists'}]"),
                Arguments.of("NoSchedule toleration does not count",
                        "[{'key':'node.kubernetes.io/not-ready','operator':'Exists','effect':'NoSchedule'}]",
                        "[{'key':'node.kubernetes.io/not-ready','operator':'Exists','effect':'NoSchedule'}," + NOT_READY
                                + "," + UNREACHABLE + "]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void addsDefaultNoExecuteTolerations(String name, String given, String expected) {
        AdmissionResult r = new DefaultTolerationSecondsAdmission().admit(create(PODS,
                pod("ns", "p", "{'containers':[],'tolerations':" + given + "}"), new FakeObjectReader()));
        JsonNode pod = r instanceof AdmissionResult.Mutated m ? m.object()
                : pod("ns", "p", "{'tolerations':" + given + "}");
        assertEquals(json("{'t':" + expected + "}").get("t").toString(),
                pod.path("spec").path("tolerations").toString());
    }
}
