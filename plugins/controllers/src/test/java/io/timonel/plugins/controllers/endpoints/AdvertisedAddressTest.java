package io.timonel.plugins.controllers.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.timonel.plugins.controllers.endpoints.AdvertisedAddress.Candidate;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdvertisedAddressTest {

    private static InetAddress ip(String text) throws UnknownHostException {
        return InetAddress.getByName(text);
    }

    @Test
    void aRealServerAddressIsAdvertisedAsItIs() throws Exception {
        assertEquals(ip("192.168.5.7"), AdvertisedAddress.choose(ip("192.168.5.7"), Optional.of(ip("10.0.0.2")),
                List.of(new Candidate("eth0", ip("10.0.0.2")))));
    }

    @Test
    void loopbackOrAllInterfacesGiveWayToTheDefaultRouteSource() throws Exception {
        for (String server : List.of("127.0.0.1", "0.0.0.0")) {
            assertEquals(ip("10.0.0.2"), AdvertisedAddress.choose(ip(server), Optional.of(ip("10.0.0.2")),
                    List.of(new Candidate("docker0", ip("172.17.0.1")), new Candidate("eth0", ip("10.0.0.2")))));
        }
    }

    @Test
    void withoutADefaultRouteTheFirstHostInterfaceNotOfContainersIsUsed() throws Exception {
        assertEquals(ip("10.1.2.3"), AdvertisedAddress.choose(ip("127.0.0.1"), Optional.empty(),
                List.of(new Candidate("docker0", ip("172.17.0.1")), new Candidate("timonel0", ip("10.42.0.1")),
                        new Candidate("veth12", ip("169.254.1.1")), new Candidate("ens3", ip("10.1.2.3")))));
    }

    @Test
    void loopbackStaysWhenTheHostHasNothingElse() throws Exception {
        assertEquals(ip("127.0.0.1"), AdvertisedAddress.choose(ip("127.0.0.1"), Optional.of(ip("0.0.0.0")),
                List.of(new Candidate("docker0", ip("172.17.0.1")))));
    }
}
