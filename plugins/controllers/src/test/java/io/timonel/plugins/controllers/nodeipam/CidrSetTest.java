package io.timonel.plugins.controllers.nodeipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CidrSetTest {

    @Test
    void handsOutTheLowestFreeSubnetFirst() {
        CidrSet set = CidrSet.of("10.42.0.0/16", 24);
        assertEquals(Optional.of("10.42.0.0/24"), set.allocate());
        assertEquals(Optional.of("10.42.1.0/24"), set.allocate());
    }

    @Test
    void neverHandsOutASubnetANodeAlreadyHolds() {
        CidrSet set = CidrSet.of("10.42.0.0/16", 24);
        assertTrue(set.occupy("10.42.0.0/24"));
        assertTrue(set.occupy("10.42.2.0/24"));
        assertEquals(Optional.of("10.42.1.0/24"), set.allocate());
        assertEquals(Optional.of("10.42.3.0/24"), set.allocate());
    }

    @Test
    void aReleasedSubnetIsHandedOutAgain() {
        CidrSet set = CidrSet.of("10.42.0.0/16", 24);
        set.allocate();
        set.allocate();
        set.release("10.42.0.0/24");
        assertEquals(Optional.of("10.42.0.0/24"), set.allocate());
    }

    @Test
    void isEmptyWhenEverySubnetIsTaken() {
        CidrSet set = CidrSet.of("10.42.0.0/23", 24);
        set.allocate();
        set.allocate();
        assertEquals(0, set.free());
        assertEquals(Optional.empty(), set.allocate());
    }

    @Test
    void subnetsOfAnotherRangeOrSizeAreNotItsOwn() {
        CidrSet set = CidrSet.of("10.42.0.0/16", 24);
        assertFalse(set.occupy("10.43.0.0/24"));
        assertFalse(set.occupy("10.42.0.0/25"));
        assertFalse(set.occupy("not-a-cidr"));
        assertEquals(256, set.free());
    }

    @Test
    void aMaskWiderThanTheClusterCidrIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CidrSet.of("10.42.0.0/16", 8));
        assertThrows(IllegalArgumentException.class, () -> CidrSet.of("fd00::/48", 64));
    }
}
