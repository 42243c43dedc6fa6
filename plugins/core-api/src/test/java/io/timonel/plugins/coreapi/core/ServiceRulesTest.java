package io.timonel.plugins.coreapi.core;

import static io.timonel.plugins.coreapi.support.Fixtures.at;
import static io.timonel.plugins.coreapi.support.Fixtures.create;
import static io.timonel.plugins.coreapi.support.Fixtures.defaulted;
import static io.timonel.plugins.coreapi.support.Fixtures.fields;
import static io.timonel.plugins.coreapi.support.Fixtures.json;
import static io.timonel.plugins.coreapi.support.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ObjectValidator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceRulesTest {

    private static final ServiceDefaults DEFAULTS = new ServiceDefaults();
    private static final ObjectValidator VALIDATOR = ServiceValidation.validator();

    private static ObjectNode service() {
        return json("{metadata:{name:'web'},spec:{selector:{app:'web'},ports:[{port:80}]}}");
    }

    @Test
    void defaultsTypeAffinityProtocolAndTargetPort() {
        ObjectNode svc = defaulted(DEFAULTS, service());
        assertEquals("ClusterIP", at(svc, "spec.type").asText());
        assertEquals("None", at(svc, "spec.sessionAffinity").asText());
        assertEquals("TCP", at(svc, "spec.ports.0.protocol").asText());
        assertEquals(80, at(svc, "spec.ports.0.targetPort").asInt());
        assertEquals("Cluster", at(svc, "spec.internalTrafficPolicy").asText());
        assertEquals(svc, defaulted(DEFAULTS, svc));
    }

    @Test
    void validServicesPass() {
        assertEquals(List.of(), create(DEFAULTS, VALIDATOR, service()));
        assertEquals(List.of(), create(DEFAULTS, VALIDATOR,
                json("{metadata:{name:'headless'},spec:{clusterIP:'None',selector:{app:'x'}}}")));
        assertEquals(List.of(), create(DEFAULTS, VALIDATOR,
                json("{metadata:{name:'ext'},spec:{type:'ExternalName',externalName:'example.com'}}")));
        assertEquals(List.of(), create(DEFAULTS, VALIDATOR,
                json("{metadata:{name:'np'},spec:{type:'NodePort',ports:[{port:80,nodePort:30080}]}}")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no ports | {metadata:{name:'s'},spec:{selector:{a:'b'}}} | spec.ports",
            "name must be DNS-1035 | {metadata:{name:'1web'},spec:{ports:[{port:80}]}} | metadata.name",
            "port range | {metadata:{name:'s'},spec:{ports:[{port:0,targetPort:8080}]}} | spec.ports[0].port",
            "node port number | {metadata:{name:'s'},spec:{type:'NodePort',ports:[{port:80,nodePort:70000}]}} | spec.ports[0].nodePort",
            "node port on ClusterIP | {metadata:{name:'s'},spec:{ports:[{port:80,nodePort:30001}]}} | spec.ports[0].nodePort",
            "unnamed second port | {metadata:{name:'s'},spec:{ports:[{name:'a',port:80},{port:81}]}} | spec.ports[1].name",
            "type | {metadata:{name:'s'},spec:{type:'Magic',ports:[{port:80}]}} | spec.type",
            "external name required | {metadata:{name:'s'},spec:{type:'ExternalName'}} | spec.externalName"})
    void eachRuleReportsItsField(String rule, String service, String field) {
        List<FieldViolation> violations = create(DEFAULTS, VALIDATOR, json(service));
        assertEquals(List.of(field), fields(violations), rule + ": " + violations);
    }

    @Test
    void clusterIPIsImmutableOnceSet() {
        ObjectNode old = service();
        ((ObjectNode) old.get("spec")).put("clusterIP", "10.96.0.10");
        ObjectNode changed = service();
        ((ObjectNode) changed.get("spec")).put("clusterIP", "10.96.0.11");
        assertEquals(List.of("spec.clusterIP"), fields(update(DEFAULTS, VALIDATOR, changed, old)));
        assertEquals(List.of(), update(DEFAULTS, VALIDATOR, old.deepCopy(), old));
    }

    @Test
    void columnsShowPortsAndExternalAddresses() {
        ObjectNode svc = json("{spec:{type:'LoadBalancer',clusterIP:'10.0.0.1',ports:[{port:80,nodePort:30080,"
                + "protocol:'TCP'},{port:53,protocol:'UDP'}]}}");
        assertEquals("80:30080/TCP,53/UDP", ServiceColumns.ports(svc));
        assertEquals("<pending>", ServiceColumns.externalIP(svc));
        ((ObjectNode) svc).set("status", json("{loadBalancer:{ingress:[{ip:'1.2.3.4'}]}}"));
        assertEquals("1.2.3.4", ServiceColumns.externalIP(svc));
        assertEquals("<none>", ServiceColumns.externalIP(json("{spec:{type:'ClusterIP'}}")));
    }
}
