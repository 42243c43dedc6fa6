package io.timonel.plugins.simnodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeNetworkTest {

    @Test
    void eachNodeHasItsOwnInternalIpAndPodCidr() {
        assertEquals("172.16.0.1", NodeNetwork.internalIp(0));
        assertEquals("172.16.1.0", NodeNetwork.internalIp(255));
        assertEquals("172.16.128.0", NodeNetwork.internalIp(NodeNetwork.MAX_NODES - 1));
        assertEquals("10.128.0.0/24", NodeNetwork.podCidr(0));
        assertEquals("10.128.255.0/24", NodeNetwork.podCidr(255));
        assertEquals("10.147.135.0/24", NodeNetwork.podCidr(4999));
        assertEquals("10.255.255.0/24", NodeNetwork.podCidr(NodeNetwork.MAX_NODES - 1));
        Set<String> cidrs = new HashSet<>();
        Set<String> ips = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            cidrs.add(NodeNetwork.podCidr(i));
            ips.add(NodeNetwork.internalIp(i));
        }
        assertEquals(5000, cidrs.size());
        assertEquals(5000, ips.size());
    }

    @Test
    void indexesBeyondThePodRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> NodeNetwork.podCidr(NodeNetwork.MAX_NODES));
        assertThrows(IllegalArgumentException.class, () -> NodeNetwork.internalIp(-1));
    }

    @Test
    void podAddressesStartAfterTheBridgeAndAreReusedOnceReleased() {
        PodAddresses pool = new PodAddresses("10.128.7.");

        assertEquals(Optional.of("10.128.7.2"), pool.allocate());
        assertEquals(Optional.of("10.128.7.3"), pool.allocate());
        pool.release("10.128.7.2");
        assertEquals(Optional.of("10.128.7.2"), pool.allocate());
        assertEquals(2, pool.inUse());
    }

    @Test
    void reservedAddressesAreNotGivenAgainAndForeignOnesAreIgnored() {
        PodAddresses pool = new PodAddresses("10.128.7.");

        assertTrue(pool.reserve("10.128.7.2"));
        assertFalse(pool.reserve("10.128.8.3"));
        assertFalse(pool.reserve("10.128.7.1"));
        pool.release("10.128.8.2");

        assertEquals(Optional.of("10.128.7.3"), pool.allocate());
    }

    @Test
    void aFullRangeGivesNothing() {
        PodAddresses pool = new PodAddresses("10.128.7.");
        for (int i = 2; i <= 254; i++) {
            assertTrue(pool.allocate().isPresent());
        }

        assertEquals(Optional.empty(), pool.allocate());
    }
}
