package io.timonel.plugins.admission.podsecurity;

import static io.timonel.plugins.admission.testing.Fixtures.DEPLOYMENTS;
import static io.timonel.plugins.admission.testing.Fixtures.PODS;
import static io.timonel.plugins.admission.testing.Fixtures.create;
import static io.timonel.plugins.admission.testing.Fixtures.denial;
import static io.timonel.plugins.admission.testing.Fixtures.json;
import static io.timonel.plugins.admission.testing.Fixtures.pod;
import static io.timonel.plugins.admission.testing.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.admission.testing.FakeObjectReader;
import io.timonel.spi.admission.AdmissionResult;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodSecurityAdmissionTest {
    private static final String RESTRICTED_OK = "{'securityContext':{'runAsNonRoot':true,"
            + "'seccompProfile':{'type':'RuntimeDefault'}},'containers':[{'name':'c','securityContext':"
            + "{'allowPrivilegeEscalation':false,'capabilities':{'drop':['ALL']}}}]}";

    private final PodSecurityAdmission plugin = new PodSecurityAdmission();

    private static FakeObjectReader namespace(String labels) {
        return new FakeObjectReader().put("", "namespaces", json("{'metadata':{'name':'ns','labels':" + labels + "}}"));
    }

    static Stream<Arguments> baselineViolations() {
        return Stream.of(
                Arguments.of("privileged", "{'containers':[{'name':'c','securityContext':{'privileged':true}}]}",
                        "privileged (container \"c\" must not set securityContext.privileged=true)"),
                Arguments.of("host namespaces", "{'hostNetwork':true,'hostPID':true,'containers':[{'name':'c'}]}",
                        "host namespaces (hostNetwork=true, hostPID=true)"),
                Arguments.of("capabilities", "{'containers':[{'name':'a','securityContext':{'capabilities':"
                                + "{'add':['NET_ADMIN','CHOWN']}}},{'name':'b','securityContext':{'capabilities':"
                                + "{'add':['SYS_ADMIN']}}}]}",
                        "non-default capabilities (containers \"a\", \"b\" must not include \"NET_ADMIN\", "
                                + "\"SYS_ADMIN\" in securityContext.capabilities.add)"),
                Arguments.of("hostPath", "{'volumes':[{'name':'root','hostPath':{'path':'/'}}],'containers':[]}",
                        "hostPath volumes (volume \"root\")"),
                Arguments.of("hostPort", "{'containers':[{'name':'c','ports':[{'containerPort':80,'hostPort':8080}]}]}",
                        "hostPort (container \"c\" uses hostPort 8080)"),
                Arguments.of("procMount", "{'containers':[{'name':'c','securityContext':{'procMount':'Unmasked'}}]}",
                        "procMount (container \"c\" must not set securityContext.procMount to \"Unmasked\")"),
                Arguments.of("seccomp unconfined", "{'securityContext':{'seccompProfile':{'type':'Unconfined'}},"
                                + "'containers':[{'name':'c'}]}",
                        "seccompProfile (pod must not set securityContext.seccompProfile.type to \"Unconfined\")"),
                Arguments.of("sysctls", "{'securityContext':{'sysctls':[{'name':'kernel.msgmax','value':'1'},"
                                + "{'name':'net.ipv4.tcp_syncookies','value':'1'}]},'containers':[]}",
                        "forbidden sysctls (kernel.msgmax)"),
                Arguments.of("selinux", "{'containers':[{'name':'c','securityContext':{'seLinuxOptions':"
                                + "{'type':'spc_t'}}}]}",
                        "seLinuxOptions (container \"c\" set forbidden securityContext.seLinuxOptions: type \"spc_t\")"),
                Arguments.of("apparmor", "{'securityContext':{'appArmorProfile':{'type':'Unconfined'}},"
                                + "'containers':[]}",
                        "forbidden AppArmor profile (pod must not set appArmorProfile.type to \"Unconfined\")"),
                Arguments.of("two checks, in check order", "{'hostIPC':true,'containers':[{'name':'c',"
                                + "'securityContext':{'privileged':true}}]}",
                        "host namespaces (hostIPC=true), privileged (container \"c\" must not set "
                                + "securityContext.privileged=true)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("baselineViolations")
    void baselineEnforcedNamespaceForbidsViolatingPods(String name, String spec, String violations) {
        AdmissionResult r = plugin.admit(create(PODS, pod("ns", "x", spec),
                namespace("{'pod-security.kubernetes.io/enforce':'baseline'}")));
        assertEquals("pods \"x\" is forbidden: violates PodSecurity \"baseline:latest\": " + violations, denial(r));
    }

    static Stream<Arguments> restrictedViolations() {
        return Stream.of(
                Arguments.of("the default pod", "{'containers':[{'name':'c'}]}", List.of(
                        "allowPrivilegeEscalation != false (container \"c\" must set "
                                + "securityContext.allowPrivilegeEscalation=false)",
                        "unrestricted capabilities (container \"c\" must set securityContext.capabilities.drop=[\"ALL\"])",
                        "runAsNonRoot != true (pod or container \"c\" must set securityContext.runAsNonRoot=true)",
                        "seccompProfile (pod or container \"c\" must set securityContext.seccompProfile.type to "
                                + "\"RuntimeDefault\" or \"Localhost\")")),
                Arguments.of("root user", RESTRICTED_OK.replace("'runAsNonRoot':true", "'runAsNonRoot':true,'runAsUser':0"),
                        List.of("runAsUser=0 (pod must not set runAsUser=0)")),
                Arguments.of("added capability", RESTRICTED_OK.replace("'drop':['ALL']",
                                "'drop':['ALL'],'add':['NET_BIND_SERVICE','NET_RAW']"),
                        List.of("unrestricted capabilities (container \"c\" must not include \"NET_RAW\" in "
                                + "securityContext.capabilities.add)")),
                Arguments.of("volume types", RESTRICTED_OK.replace("'containers'",
                                "'volumes':[{'name':'n','nfs':{'server':'s','path':'/'}},{'name':'e','emptyDir':{}}],"
                                        + "'containers'"),
                        List.of("restricted volume types (volume \"n\" uses restricted volume type \"nfs\")")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("restrictedViolations")
    void restrictedEnforcedNamespaceForbidsNonHardenedPods(String name, String spec, List<String> violations) {
        AdmissionResult r = plugin.admit(create(PODS, pod("ns", "x", spec),
                namespace("{'pod-security.kubernetes.io/enforce':'restricted'}")));
        assertEquals("pods \"x\" is forbidden: violates PodSecurity \"restricted:latest\": "
                + String.join(", ", violations), denial(r));
    }

    @Test
    void hardenedPodPassesRestricted() {
        assertEquals(AdmissionResult.allow(), plugin.admit(create(PODS, pod("ns", "x", RESTRICTED_OK),
                namespace("{'pod-security.kubernetes.io/enforce':'restricted'}"))));
    }

    @Test
    void defaultPodPassesBaseline() {
        assertEquals(AdmissionResult.allow(), plugin.admit(create(PODS, pod("ns", "x", "{'containers':[{'name':'c'}]}"),
                namespace("{'pod-security.kubernetes.io/enforce':'baseline'}"))));
    }

    @Test
    void warnModeAdmitsWithAWarningNamingTheVersion() {
        AdmissionResult r = plugin.admit(create(PODS,
                pod("ns", "x", "{'containers':[{'name':'c','securityContext':{'privileged':true}}]}"),
                namespace("{'pod-security.kubernetes.io/warn':'baseline',"
                        + "'pod-security.kubernetes.io/warn-version':'v1.33'}")));
        assertEquals(new AdmissionResult.Allowed(List.of("would violate PodSecurity \"baseline:v1.33\": privileged "
                + "(container \"c\" must not set securityContext.privileged=true)")), r);
    }

    @Test
    void unlabelledNamespaceIsPrivileged() {
        assertEquals(AdmissionResult.allow(), plugin.admit(create(PODS,
                pod("ns", "x", "{'hostPID':true,'containers':[]}"), namespace("{}"))));
    }

    @Test
    void workloadsAreWarnedNotRefused() {
        ObjectNode deployment = json("{'metadata':{'name':'d','namespace':'ns'},'spec':{'template':{'spec':"
                + "{'containers':[{'name':'c','securityContext':{'privileged':true}}]}}}}");
        AdmissionResult r = plugin.admit(create(DEPLOYMENTS, deployment,
                namespace("{'pod-security.kubernetes.io/enforce':'baseline'}")));
        AdmissionResult.Allowed allowed = assertInstanceOf(AdmissionResult.Allowed.class, r);
        assertEquals(1, allowed.warnings().size());
        assertTrue(allowed.warnings().get(0).startsWith("would violate PodSecurity \"baseline:latest\": privileged"));
    }

    @Test
    void podUpdateThatLeavesTheSpecAloneIsNotChecked() {
        ObjectNode old = pod("ns", "x", "{'hostPID':true,'containers':[]}");
        ObjectNode labelled = old.deepCopy();
        ((ObjectNode) labelled.get("metadata")).putObject("labels").put("a", "b");
        assertEquals(AdmissionResult.allow(), plugin.admit(update(PODS, labelled, old,
                namespace("{'pod-security.kubernetes.io/enforce':'baseline'}"))));
    }
}
