package io.timonel.plugins.coreapi.core;

import static io.timonel.plugins.coreapi.support.Fixtures.at;
import static io.timonel.plugins.coreapi.support.Fixtures.create;
import static io.timonel.plugins.coreapi.support.Fixtures.defaulted;
import static io.timonel.plugins.coreapi.support.Fixtures.fields;
import static io.timonel.plugins.coreapi.support.Fixtures.json;
import static io.timonel.plugins.coreapi.support.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ObjectValidator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PodRulesTest {

    private static final PodDefaults DEFAULTS = new PodDefaults();
    private static final ObjectValidator VALIDATOR = PodValidation.validator();

    private static ObjectNode pod() {
        return json("{apiVersion:'v1',kind:'Pod',metadata:{name:'web',namespace:'default'},"
                + "spec:{containers:[{name:'nginx',image:'nginx:1.27',ports:[{containerPort:80}]}]}}");
    }

    @Test
    void defaultsFillTheSpecAsKubernetesDoes() {
        ObjectNode pod = defaulted(DEFAULTS, pod());
        assertEquals("Always", at(pod, "spec.restartPolicy").asText());
        assertEquals("ClusterFirst", at(pod, "spec.dnsPolicy").asText());
        assertEquals("default-scheduler", at(pod, "spec.schedulerName").asText());
        assertEquals(30, at(pod, "spec.terminationGracePeriodSeconds").asInt());
        assertTrue(at(pod, "spec.securityContext").isObject());
        assertTrue(at(pod, "spec.enableServiceLinks").asBoolean());
        assertEquals("IfNotPresent", at(pod, "spec.containers.0.imagePullPolicy").asText());
        assertEquals("/dev/termination-log", at(pod, "spec.containers.0.terminationMessagePath").asText());
        assertEquals("File", at(pod, "spec.containers.0.terminationMessagePolicy").asText());
        assertEquals("TCP", at(pod, "spec.containers.0.ports.0.protocol").asText());
        assertEquals("Pending", at(pod, "status.phase").asText());
        assertEquals("BestEffort", at(pod, "status.qosClass").asText());
        assertTrue(at(pod, "spec.serviceAccountName").isMissingNode(), "left to admission");
    }

    @Test
    void defaultingIsIdempotent() {
        ObjectNode once = defaulted(DEFAULTS, pod());
        assertEquals(once, defaulted(DEFAULTS, once));
    }

    @ParameterizedTest
    @CsvSource({"nginx, Always", "nginx:latest, Always", "nginx:1.27, IfNotPresent",
            "registry:5000/team/app, Always", "registry:5000/team/app:v2, IfNotPresent",
            "nginx@sha256:abcdef, IfNotPresent"})
    void pullPolicyDependsOnTheTag(String image, String policy) {
        assertEquals(policy, PodSpecDefaults.pullPolicyFor(image));
    }

    @Test
    void limitsBecomeRequestsAndMakeThePodGuaranteed() {
        ObjectNode pod = pod();
        ((ObjectNode) at(pod, "spec.containers.0")).set("resources",
                json("{limits:{cpu:'500m',memory:'128Mi'}}"));
        ObjectNode defaulted = defaulted(DEFAULTS, pod);
        assertEquals("500m", at(defaulted, "spec.containers.0.resources.requests.cpu").asText());
        assertEquals("Guaranteed", at(defaulted, "status.qosClass").asText());
    }

    @Test
    void validPodPasses() {
        assertEquals(List.of(), create(DEFAULTS, VALIDATOR, pod()));
    }

    /** Each row breaks one rule; the violation must name the offending field. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no containers | {metadata:{name:'p'},spec:{containers:[]}} | spec.containers",
            "bad name | {metadata:{name:'Web_1'},spec:{containers:[{name:'c',image:'i'}]}} | metadata.name",
            "missing image | {metadata:{name:'p'},spec:{containers:[{name:'c'}]}} | spec.containers[0].image",
            "container name | {metadata:{name:'p'},spec:{containers:[{name:'C_1',image:'i'}]}} | spec.containers[0].name",
            "duplicate container | {metadata:{name:'p'},spec:{containers:[{name:'c',image:'i'},{name:'c',image:'j'}]}} | spec.containers[1].name",
            "port range | {metadata:{name:'p'},spec:{containers:[{name:'c',image:'i',ports:[{containerPort:70000}]}]}} | spec.containers[0].ports[0].containerPort",
            "protocol | {metadata:{name:'p'},spec:{containers:[{name:'c',image:'i',ports:[{containerPort:80,protocol:'HTTP'}]}]}} | spec.containers[0].ports[0].protocol",
            "restart policy | {metadata:{name:'p'},spec:{restartPolicy:'Sometimes',containers:[{name:'c',image:'i'}]}} | spec.restartPolicy",
            "dns policy | {metadata:{name:'p'},spec:{dnsPolicy:'Google',containers:[{name:'c',image:'i'}]}} | spec.dnsPolicy",
            "pull policy | {metadata:{name:'p'},spec:{containers:[{name:'c',image:'i',imagePullPolicy:'Sometimes'}]}} | spec.containers[0].imagePullPolicy",
            "unknown volume | {metadata:{name:'p'},spec:{containers:[{name:'c',image:'i',volumeMounts:[{name:'v',mountPath:'/d'}]}]}} | spec.containers[0].volumeMounts[0].name",
            "env name | {metadata:{name:'p'},spec:{containers:[{name:'c',image:'i',env:[{value:'x'}]}]}} | spec.containers[0].env[0].name",
            "init container image | {metadata:{name:'p'},spec:{initContainers:[{name:'i'}],containers:[{name:'c',image:'i'}]}} | spec.initContainers[0].image"})
    void eachRuleReportsItsField(String rule, String pod, String field) {
        List<FieldViolation> violations = create(DEFAULTS, VALIDATOR, json(pod));
        assertEquals(List.of(field), fields(violations), rule + ": " + violations);
    }

    @Test
    void missingImageIsRequiredValue() {
        List<FieldViolation> violations = create(DEFAULTS, VALIDATOR,
                json("{metadata:{name:'p'},spec:{containers:[{name:'c'}]}}"));
        assertEquals(FieldViolation.Type.REQUIRED, violations.get(0).type());
    }

    @Test
    void updateMayChangeImagesAndDeadlineAndAddTolerations() {
        ObjectNode old = pod();
        ObjectNode changed = pod();
        ((ObjectNode) at(changed, "spec.containers.0")).put("image", "nginx:1.28");
        ((ObjectNode) changed.get("spec")).put("activeDeadlineSeconds", 60);
        ((ObjectNode) changed.get("spec")).putArray("tolerations").addObject().put("key", "k").put("operator", "Exists");
        assertEquals(List.of(), update(DEFAULTS, VALIDATOR, changed, old));
    }

    @Test
    void updateOfOtherSpecFieldsIsForbidden() {
        ObjectNode changed = pod();
        ((ObjectNode) changed.get("spec")).put("restartPolicy", "Never");
        List<FieldViolation> violations = update(DEFAULTS, VALIDATOR, changed, pod());
        assertEquals(List.of("spec"), fields(violations));
        assertEquals(FieldViolation.Type.FORBIDDEN, violations.get(0).type());
    }

    private static ObjectNode withDebugger(ObjectNode pod, String debugger) {
        ObjectNode copy = pod.deepCopy();
        ((ObjectNode) copy.get("spec")).withArray("ephemeralContainers").add(json(debugger));
        return copy;
    }

    @Test
    void ephemeralContainersMayBeAddedOnUpdateButNotSetOnCreate() {
        ObjectNode added = withDebugger(pod(), "{name:'debugger',image:'busybox',stdin:true,tty:true,"
                + "targetContainerName:'nginx'}");
        assertEquals(List.of(), update(DEFAULTS, VALIDATOR, added, pod()));
        assertEquals(List.of("spec.ephemeralContainers"), fields(create(DEFAULTS, VALIDATOR, added)));
    }

    @Test
    void existingEphemeralContainersMayNotChangeOrGo() {
        ObjectNode one = withDebugger(pod(), "{name:'debugger',image:'busybox'}");
        ObjectNode changed = withDebugger(pod(), "{name:'debugger',image:'alpine'}");
        assertEquals(List.of("spec.ephemeralContainers"), fields(update(DEFAULTS, VALIDATOR, changed, one)));
        assertEquals(List.of("spec.ephemeralContainers"), fields(update(DEFAULTS, VALIDATOR, pod(), one)));
    }

    /** An ephemeral container only runs beside the pod's own: it neither serves, is probed, nor restarts. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ports | {name:'d',image:'i',ports:[{containerPort:80}]} | spec.ephemeralContainers[0].ports",
            "probe | {name:'d',image:'i',readinessProbe:{exec:{command:['true']}}} | spec.ephemeralContainers[0].readinessProbe",
            "resources | {name:'d',image:'i',resources:{limits:{cpu:'1'}}} | spec.ephemeralContainers[0].resources",
            "name taken | {name:'nginx',image:'i'} | spec.ephemeralContainers[0].name",
            "unknown target | {name:'d',image:'i',targetContainerName:'nope'} | spec.ephemeralContainers[0].targetContainerName",
            "no image | {name:'d'} | spec.ephemeralContainers[0].image"})
    void ephemeralContainerRulesReportTheirField(String rule, String debugger, String field) {
        List<FieldViolation> violations = update(DEFAULTS, VALIDATOR, withDebugger(pod(), debugger), pod());
        assertEquals(List.of(field), fields(violations), rule + ": " + violations);
    }
}
