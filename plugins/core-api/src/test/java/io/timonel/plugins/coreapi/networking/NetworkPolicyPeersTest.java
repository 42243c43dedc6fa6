package io.timonel.plugins.coreapi.networking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.timonel.spi.resource.FieldViolation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkPolicyPeersTest {
    private static List<FieldViolation> violations(String spec) throws Exception {
        JsonNode node = new ObjectMapper().readTree(spec.replace('\'', '"'));
        List<FieldViolation> out = new ArrayList<>();
        NetworkPolicyPeers.validate(node, out);
        return out;
    }

    @Test
    void aValidPolicyHasNoViolations() throws Exception {
        assertTrue(violations("{'ingress':[{'from':[{'ipBlock':{'cidr':'10.0.0.0/8','except':['10.1.0.0/16']}},"
                + "{'podSelector':{'matchLabels':{'a':'b'}}}],'ports':[{'protocol':'TCP','port':80,'endPort':90},"
                + "{'port':'http'}]}],'egress':[{'to':[{'ipBlock':{'cidr':'fd00::/64'}}]}]}").isEmpty());
    }

    @Test
    void anIpBlockThatIsNoCidrIsInvalidAtItsField() throws Exception {
        List<FieldViolation> out = violations("{'ingress':[{'from':[{'ipBlock':{'cidr':'nonsense','except':['10.1.0.0']}}]}]}");

        assertEquals(List.of("spec.ingress[0].from[0].ipBlock.cidr", "spec.ingress[0].from[0].ipBlock.except[0]"),
                out.stream().map(FieldViolation::field).toList());
    }

    @Test
    void portsNeedAKnownProtocolARangeAndANumericPortBeforeEndPort() throws Exception {
        List<FieldViolation> out = violations("{'egress':[{'ports':[{'protocol':'ICMP'},{'port':70000},"
                + "{'port':'http','endPort':90},{'port':90,'endPort':80}]}]}");

        assertEquals(List.of("spec.egress[0].ports[0].protocol", "spec.egress[0].ports[1].port",
                "spec.egress[0].ports[2].endPort", "spec.egress[0].ports[3].endPort"),
                out.stream().map(FieldViolation::field).toList());
    }
}
