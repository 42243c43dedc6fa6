package io.timonel.plugins.coreapi.core;

import static io.timonel.plugins.coreapi.support.Fixtures.at;
import static io.timonel.plugins.coreapi.support.Fixtures.defaulted;
import static io.timonel.plugins.coreapi.support.Fixtures.fields;
import static io.timonel.plugins.coreapi.support.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.Validation;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamespaceAndColumnsTest {

    @Test
    void namespaceDefaultsToActiveWithTheKubernetesFinalizer() {
        ObjectNode ns = defaulted(new NamespaceDefaults(), json("{metadata:{name:'team-a'}}"));
        assertEquals("Active", at(ns, "status.phase").asText());
        assertEquals("kubernetes", at(ns, "spec.finalizers.0").asText());
        assertEquals(ns, defaulted(new NamespaceDefaults(), ns));
    }

    @Test
    void finalizedNamespaceStaysFinalized() {
        ObjectNode ns = defaulted(new NamespaceDefaults(),
                json("{metadata:{name:'a'},spec:{finalizers:[]},status:{phase:'Terminating'}}"));
        assertEquals(0, at(ns, "spec.finalizers").size());
    }

    @Test
    void namespaceNamesAreDnsLabels() {
        var validator = Validation.names(NameRule.DNS1123_LABEL);
        assertEquals(List.of(), validator.validate(json("{metadata:{name:'team-a'}}"), null));
        assertEquals(List.of("metadata.name"), fields(validator.validate(json("{metadata:{name:'team.a'}}"), null)));
        assertEquals(List.of("metadata.name"), fields(validator.validate(json("{metadata:{}}"), null)));
    }

    @Test
    void podColumnsSummariseContainerStates() {
        ObjectNode pod = json("{metadata:{},spec:{containers:[{name:'a'},{name:'b'}]},status:{phase:'Running',"
                + "containerStatuses:[{name:'a',ready:true,restartCount:2,state:{running:{}}},"
                + "{name:'b',ready:false,restartCount:1,state:{waiting:{reason:'CrashLoopBackOff'}}}]}}");
        assertEquals("1/2", PodColumns.ready(pod));
        assertEquals("CrashLoopBackOff", PodColumns.status(pod));
        assertEquals(3, PodColumns.restarts(pod));
        assertEquals("Pending", PodColumns.status(json("{spec:{containers:[{name:'a'}]},status:{phase:'Pending'}}")));
        assertEquals("Init:0/1", PodColumns.status(json("{spec:{initContainers:[{name:'i'}],containers:[{name:'a'}]},"
                + "status:{phase:'Pending',initContainerStatuses:[{name:'i',state:{running:{}}}]}}")));
        assertEquals("Terminating", PodColumns.status(json("{metadata:{deletionTimestamp:'2024-01-01T00:00:00Z'},"
                + "spec:{containers:[{name:'a'}]},status:{phase:'Running'}}")));
        assertEquals("Completed", PodColumns.status(json("{spec:{containers:[{name:'a'}]},status:{phase:'Succeeded',"
                + "containerStatuses:[{name:'a',state:{terminated:{exitCode:0,reason:'Completed'}}}]}}")));
    }

    @Test
    void nodeColumnsShowReadinessAndRoles() {
        ObjectNode node = json("{metadata:{labels:{'node-role.kubernetes.io/control-plane':''}},"
                + "spec:{unschedulable:true},status:{conditions:[{type:'Ready',status:'True'}]}}");
        assertEquals("Ready,SchedulingDisabled", CoreColumns.nodeStatus(node));
        assertEquals("control-plane", CoreColumns.nodeRoles(node));
        assertEquals("<none>", CoreColumns.nodeRoles(json("{metadata:{}}")));
        assertEquals("Unknown", CoreColumns.nodeStatus(json("{}")));
        assertEquals("NotReady", CoreColumns.nodeStatus(json("{status:{conditions:[{type:'Ready',status:'Unknown'}]}}")),
                "a node that stopped reporting is NotReady, as kubectl prints it");
    }

    @Test
    void endpointsColumnListsThreeAndCountsTheRest() {
        ObjectNode ep = json("{subsets:[{addresses:[{ip:'10.0.0.1'},{ip:'10.0.0.2'},{ip:'10.0.0.3'},{ip:'10.0.0.4'}],"
                + "ports:[{port:80}]}]}");
        assertEquals("10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...", CoreColumns.endpoints(ep));
        assertEquals("<none>", CoreColumns.endpoints(json("{}")));
    }
}
