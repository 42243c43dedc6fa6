package io.timonel.plugins.netiptables.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private final List<String> ran = new ArrayList<>();

    /**
     * A host with address 10.0.0.5 where {@code 10.0.0.0/24} is on a link, {@code 10.42.5.0/24} on
     * a bridge, and everything else goes via 10.0.0.1 on eth0.
     */
    private final Commands host = (command, stdin) -> {
        String line = String.join(" ", command);
        ran.add(line);
        if (line.startsWith("ip route replace") && line.contains(" via 10.200.") && !line.contains(" dev ")) {
            return new Commands.Result(2, "Error: Nexthop has invalid gateway.");
        }
        if (line.startsWith("ip route get 10.200.")) {
            return new Commands.Result(0, command.get(3) + " via 10.0.0.1 dev eth0 src 10.0.0.5 uid 0");
        }
        if (line.equals("ip route get 10.0.0.5") || line.equals("ip route get 127.0.0.1")) {
            return new Commands.Result(0, "local " + command.get(3) + " dev lo table local src " + command.get(3));
        }
        if (line.startsWith("ip route get 10.0.0.")) {
            return new Commands.Result(0, command.get(3) + " dev eth0 src 10.0.0.5 uid 0");
        }
        if (line.equals("ip route show exact 10.42.5.0/24 proto kernel")) {
            return new Commands.Result(0, "10.42.5.0/24 dev timonel0 proto kernel scope link src 10.42.5.1");
        }
        return new Commands.Result(0, "");
    };

    @Test
    void anOtherNodesCidrGoesViaItsAddressOrViaTheGatewayToIt() {
        RouteTable table = new RouteTable(host);

        table.sync(Map.of("10.42.1.0/24", "10.0.0.7", "10.42.2.0/24", "10.200.2.2"));

        assertTrue(ran.contains("ip route replace 10.42.1.0/24 via 10.0.0.7"), ran.toString());
        assertTrue(ran.contains("ip route replace 10.42.2.0/24 via 10.0.0.1 dev eth0"), ran.toString());
    }

    @Test
    void routesOfNodesThatWentAreRemovedAndUnchangedOnesLeftAlone() {
        RouteTable table = new RouteTable(host);
        table.sync(Map.of("10.42.1.0/24", "10.0.0.7", "10.42.3.0/24", "10.0.0.8"));
        ran.clear();

        table.sync(Map.of("10.42.1.0/24", "10.0.0.7"));

        assertEquals(List.of("ip route del 10.42.3.0/24 via 10.0.0.8"), ran);
    }

    @Test
    void aNodeOnThisSameMachineGetsNoRouteForItsPodsAreOnALocalBridge() {
        new RouteTable(host).sync(Map.of("10.42.0.0/24", "127.0.0.1", "10.42.1.0/24", "10.0.0.5"));

        assertTrue(ran.stream().noneMatch(c -> c.startsWith("ip route replace")), ran.toString());
    }

    @Test
    void aCidrOnALinkOfThisMachineKeepsItsOwnRoute() {
        new RouteTable(host).sync(Map.of("10.42.5.0/24", "10.0.0.7"));

        assertTrue(ran.stream().noneMatch(c -> c.startsWith("ip route replace")), ran.toString());
    }

    @Test
    void theClusterRangesStayOnTheMachine() {
        new RouteTable(host).blackhole(List.of("10.42.0.0/16", "10.96.0.0/12"));

        assertTrue(ran.contains("ip route replace 10.42.0.0/16 dev timonel-void proto static"), ran.toString());
        assertTrue(ran.contains("ip route replace 10.96.0.0/12 dev timonel-void proto static"), ran.toString());
    }

    @Test
    void wantedHasEveryOtherNodesPodCidrAtItsInternalIp() {
        List<Node> nodes = List.of(node("self", "10.42.0.0/24", "10.0.0.5"), node("b", "10.42.1.0/24", "10.0.0.7"),
                node("no-cidr", null, "10.0.0.9"));

        assertEquals(Map.of("10.42.1.0/24", "10.0.0.7"), PodRoutes.wanted(nodes, "self"));
    }

    private static Node node(String name, String cidr, String ip) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).endMetadata();
        if (cidr != null) {
            b.withNewSpec().withPodCIDR(cidr).withPodCIDRs(cidr).endSpec();
        } else {
            b.withNewSpec().endSpec();
        }
        return b.withNewStatus().addNewAddress().withType("InternalIP").withAddress(ip).endAddress().endStatus().build();
    }
}
