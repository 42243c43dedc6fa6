package io.timonel.plugins.coreapi.apps;

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
import io.timonel.spi.resource.ObjectDefaulter;
import io.timonel.spi.resource.ObjectValidator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkloadRulesTest {

    private static final ObjectDefaulter DEPLOYMENT_DEFAULTS = DeploymentRules.defaulter();
    private static final ObjectValidator DEPLOYMENTS = DeploymentRules.validator();

    private static ObjectNode deployment() {
        return json("{apiVersion:'apps/v1',kind:'Deployment',metadata:{name:'web'},spec:{"
                + "selector:{matchLabels:{app:'web'}},"
                + "template:{metadata:{labels:{app:'web'}},spec:{containers:[{name:'nginx',image:'nginx'}]}}}}");
    }

    @Test
    void deploymentDefaults() {
        ObjectNode d = defaulted(DEPLOYMENT_DEFAULTS, deployment());
        assertEquals(1, at(d, "spec.replicas").asInt());
        assertEquals("RollingUpdate", at(d, "spec.strategy.type").asText());
        assertEquals("25%", at(d, "spec.strategy.rollingUpdate.maxUnavailable").asText());
        assertEquals("25%", at(d, "spec.strategy.rollingUpdate.maxSurge").asText());
        assertEquals(10, at(d, "spec.revisionHistoryLimit").asInt());
        assertEquals(600, at(d, "spec.progressDeadlineSeconds").asInt());
        assertEquals("Always", at(d, "spec.template.spec.restartPolicy").asText());
        assertEquals("Always", at(d, "spec.template.spec.containers.0.imagePullPolicy").asText());
        assertEquals(d, defaulted(DEPLOYMENT_DEFAULTS, d));
    }

    @Test
    void recreateStrategyGetsNoRollingUpdateDefaults() {
        ObjectNode d = deployment();
        ((ObjectNode) d.get("spec")).putObject("strategy").put("type", "Recreate");
        ObjectNode defaulted = defaulted(DEPLOYMENT_DEFAULTS, d);
        assertTrue(at(defaulted, "spec.strategy.rollingUpdate").isMissingNode());
        assertEquals(List.of(), DEPLOYMENTS.validate(defaulted, null));
    }

    @Test
    void validDeploymentPasses() {
        assertEquals(List.of(), create(DEPLOYMENT_DEFAULTS, DEPLOYMENTS, deployment()));
    }

    @Test
    void selectorMustMatchTemplateLabels() {
        ObjectNode d = deployment();
        ((ObjectNode) at(d, "spec.template.metadata.labels")).put("app", "other");
        List<FieldViolation> violations = create(DEPLOYMENT_DEFAULTS, DEPLOYMENTS, d);
        assertEquals(List.of("spec.template.metadata.labels"), fields(violations));
        assertTrue(violations.get(0).message().endsWith("`selector` does not match template `labels`"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "selector required | {metadata:{name:'d'},spec:{template:{metadata:{labels:{a:'b'}},spec:{containers:[{name:'c',image:'i'}]}}}} | spec.selector",
            "empty selector | {metadata:{name:'d'},spec:{selector:{},template:{metadata:{labels:{a:'b'}},spec:{containers:[{name:'c',image:'i'}]}}}} | spec.selector",
            "negative replicas | {metadata:{name:'d'},spec:{replicas:-1,selector:{matchLabels:{a:'b'}},template:{metadata:{labels:{a:'b'}},spec:{containers:[{name:'c',image:'i'}]}}}} | spec.replicas",
            "template image | {metadata:{name:'d'},spec:{selector:{matchLabels:{a:'b'}},template:{metadata:{labels:{a:'b'}},spec:{containers:[{name:'c'}]}}}} | spec.template.spec.containers[0].image",
            "restart policy | {metadata:{name:'d'},spec:{selector:{matchLabels:{a:'b'}},template:{metadata:{labels:{a:'b'}},spec:{restartPolicy:'Never',containers:[{name:'c',image:'i'}]}}}} | spec.template.spec.restartPolicy",
            "strategy type | {metadata:{name:'d'},spec:{strategy:{type:'Blue'},selector:{matchLabels:{a:'b'}},template:{metadata:{labels:{a:'b'}},spec:{containers:[{name:'c',image:'i'}]}}}} | spec.strategy.type",
            "max surge | {metadata:{name:'d'},spec:{strategy:{rollingUpdate:{maxSurge:'120%'}},selector:{matchLabels:{a:'b'}},template:{metadata:{labels:{a:'b'}},spec:{containers:[{name:'c',image:'i'}]}}}} | spec.strategy.rollingUpdate.maxSurge",
            "selector operator | {metadata:{name:'d'},spec:{selector:{matchExpressions:[{key:'a',operator:'Near'}]},template:{metadata:{labels:{a:'b'}},spec:{containers:[{name:'c',image:'i'}]}}}} | spec.selector.matchExpressions[0].operator",
            "ephemeral in template | {metadata:{name:'d'},spec:{selector:{matchLabels:{a:'b'}},template:{metadata:{labels:{a:'b'}},spec:{containers:[{name:'c',image:'i'}],ephemeralContainers:[{name:'e',image:'i'}]}}}} | spec.template.spec.ephemeralContainers"})
    void eachRuleReportsItsField(String rule, String object, String field) {
        List<FieldViolation> violations = create(DEPLOYMENT_DEFAULTS, DEPLOYMENTS, json(object));
        assertEquals(List.of(field), fields(violations), rule + ": " + violations);
    }

    @Test
    void selectorIsImmutable() {
        ObjectNode changed = deployment();
        ((ObjectNode) at(changed, "spec.selector.matchLabels")).put("tier", "front");
        ((ObjectNode) at(changed, "spec.template.metadata.labels")).put("tier", "front");
        assertEquals(List.of("spec.selector"), fields(update(DEPLOYMENT_DEFAULTS, DEPLOYMENTS, changed, deployment())));
        ObjectNode scaled = deployment();
        ((ObjectNode) scaled.get("spec")).put("replicas", 5);
        assertEquals(List.of(), update(DEPLOYMENT_DEFAULTS, DEPLOYMENTS, scaled, deployment()));
    }

    @Test
    void statefulSetDefaultsAndFrozenSpec() {
        ObjectNode sts = json("{metadata:{name:'db'},spec:{serviceName:'db',selector:{matchLabels:{app:'db'}},"
                + "template:{metadata:{labels:{app:'db'}},spec:{containers:[{name:'c',image:'i'}]}}}}");
        ObjectNode d = defaulted(StatefulSetRules.defaulter(), sts);
        assertEquals("OrderedReady", at(d, "spec.podManagementPolicy").asText());
        assertEquals("RollingUpdate", at(d, "spec.updateStrategy.type").asText());
        assertEquals(0, at(d, "spec.updateStrategy.rollingUpdate.partition").asInt());
        assertEquals(List.of(), StatefulSetRules.validator().validate(d, null));
        ObjectNode renamed = sts.deepCopy();
        ((ObjectNode) renamed.get("spec")).put("serviceName", "other");
        assertEquals(List.of("spec"), fields(update(StatefulSetRules.defaulter(), StatefulSetRules.validator(),
                renamed, sts)));
    }

    @Test
    void daemonSetDefaultsToRollingUpdateOfOne() {
        ObjectNode ds = defaulted(DaemonSetRules.defaulter(), json("{metadata:{name:'agent'},spec:{"
                + "selector:{matchLabels:{app:'a'}},template:{metadata:{labels:{app:'a'}},"
                + "spec:{containers:[{name:'c',image:'i'}]}}}}"));
        assertEquals("RollingUpdate", at(ds, "spec.updateStrategy.type").asText());
        assertEquals(1, at(ds, "spec.updateStrategy.rollingUpdate.maxUnavailable").asInt());
        assertEquals(List.of(), DaemonSetRules.validator().validate(ds, null));
    }

    @Test
    void replicaSetDefaultsAndValidates() {
        ObjectNode rs = defaulted(ReplicaSetRules.defaulter(), json("{metadata:{name:'web-1'},spec:{"
                + "selector:{matchLabels:{app:'a'}},template:{metadata:{labels:{app:'a'}},"
                + "spec:{containers:[{name:'c',image:'i:1'}]}}}}"));
        assertEquals(1, at(rs, "spec.replicas").asInt());
        assertEquals(List.of(), ReplicaSetRules.validator().validate(rs, null));
    }
}
