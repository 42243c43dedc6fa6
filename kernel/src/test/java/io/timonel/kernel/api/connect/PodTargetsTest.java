package io.timonel.kernel.api.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.timonel.kernel.api.ApiException;
import io.timonel.kernel.api.RequestInfo;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodTargetsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void onlyContainerIsTheDefaultAndNamedOnesMustExist() throws Exception {
        JsonNode single = json("{'metadata':{'name':'p'},'spec':{'containers':[{'name':'app'}],"
                + "'initContainers':[{'name':'setup'}]}}");
        assertEquals("app", PodTargets.container(single, ""));
        assertEquals("setup", PodTargets.container(single, "setup"));
        ApiException invalid = assertThrows(ApiException.class, () -> PodTargets.container(single, "nope"));
        assertEquals(400, invalid.code());
        assertEquals("container nope is not valid for pod p", invalid.getMessage());

        JsonNode two = json("{'metadata':{'name':'p'},'spec':{'containers':[{'name':'a'},{'name':'b'}]}}");
        ApiException ambiguous = assertThrows(ApiException.class, () -> PodTargets.container(two, null));
        assertEquals("a container name must be specified for pod p, choose one of: [a, b]", ambiguous.getMessage());
    }

    @Test
    void unscheduledAndFinishedPodsAreBadRequests() throws Exception {
        ApiException unscheduled = assertThrows(ApiException.class,
                () -> PodTargets.nodeName(json("{'metadata':{'name':'p'},'spec':{}}")));
        assertEquals(400, unscheduled.code());
        assertEquals("pod p does not have a host assigned", unscheduled.getMessage());
        ApiException done = assertThrows(ApiException.class,
                () -> PodTargets.requireRunning(json("{'status':{'phase':'Succeeded'}}"), "exec into"));
        assertEquals("cannot exec into a container in a completed pod; current phase is Succeeded", done.getMessage());
    }

    @Test
    void agentIsReachedAtInternalIpElseHostnameOnTheKubeletPort() throws Exception {
        assertEquals(Optional.of(new PodTargets.AgentAddress("10.0.0.5", 10250)), PodTargets.agent(json(
                "{'status':{'addresses':[{'type':'Hostname','address':'n1'},{'type':'InternalIP','address':'10.0.0.5'}],"
                        + "'daemonEndpoints':{'kubeletEndpoint':{'Port':10250}}}}")));
        assertEquals(Optional.of(new PodTargets.AgentAddress("n1", 10250)), PodTargets.agent(json(
                "{'status':{'addresses':[{'type':'Hostname','address':'n1'}],"
                        + "'daemonEndpoints':{'kubeletEndpoint':{'Port':10250}}}}")));
        assertTrue(PodTargets.agent(json("{'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.5'}]}}"))
                .isEmpty(), "no port, no agent");
        assertTrue(PodTargets.agent(json("{'spec':{'providerID':'simulated://sim-0'},'status':{'addresses':"
                + "[{'type':'InternalIP','address':'172.16.0.1'}],'daemonEndpoints':{'kubeletEndpoint':{'Port':10250}}}}"))
                .isEmpty(), "a simulated node runs no agent and its address is never dialled");
    }

    @Test
    void queryGoesToTheAgentWithoutTheContainer() {
        assertEquals("command=sh&command=-c&command=echo%20hi&stdout=true",
                PodConnectHandler.forwardedQuery("command=sh&command=-c&container=app&command=echo%20hi&stdout=true"));
        assertEquals("", PodConnectHandler.forwardedQuery("container=app"));
        assertEquals("", PodConnectHandler.forwardedQuery(null));
    }

    @Test
    void websocketGetOnExecAttachAndPortForwardIsAuthorizedAsCreate() {
        for (String sub : new String[] {"exec", "attach", "portforward"}) {
            RequestInfo info = RequestInfo.parse("GET", "/api/v1/namespaces/ns/pods/p/" + sub, null);
            assertEquals("create", info.verb(), sub);
            assertTrue(PodConnectHandler.handles(info));
        }
        RequestInfo log = RequestInfo.parse("GET", "/api/v1/namespaces/ns/pods/p/log", null);
        assertEquals("get", log.verb());
        assertTrue(PodConnectHandler.handles(log));
        assertEquals("create", RequestInfo.parse("POST", "/api/v1/namespaces/ns/pods/p/exec", null).verb());
        assertTrue(!PodConnectHandler.handles(RequestInfo.parse("GET", "/api/v1/namespaces/ns/pods/p/status", null)));
    }
}
