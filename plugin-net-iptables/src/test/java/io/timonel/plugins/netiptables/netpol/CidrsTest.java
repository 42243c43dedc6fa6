package io.timonel.plugins.netiptables.netpol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CidrsTest {

    private static List<String> subtract(String block, String... except) {
        return Cidrs.subtract(Cidrs.parse(block).orElseThrow(),
                java.util.Arrays.stream(except).map(e -> Cidrs.parse(e).orElseThrow()).toList())
                .stream().map(Cidrs.Prefix::toString).toList();
    }

    @Test
    void aBlockWithoutExceptionsStaysWhole() {
        assertEquals(List.of("10.0.0.0/8"), subtract("10.0.0.0/8"));
    }

    @Test
    void anExceptionSplitsTheBlockAroundIt() {
        assertEquals(List.of("10.0.0.0/25", "10.0.0.192/26"), subtract("10.0.0.0/24", "10.0.0.128/26"));
    }

    @Test
    void anExceptionCoveringTheBlockLeavesNothing() {
        assertEquals(List.of(), subtract("10.1.2.0/24", "10.0.0.0/8"));
    }

    @Test
    void exceptionsOutsideTheBlockChangeNothing() {
        assertEquals(List.of("10.1.0.0/16"), subtract("10.1.0.0/16", "10.2.0.0/16"));
    }

    @Test
    void hostBitsAreDroppedAndIpv6IsNotParsed() {
        assertEquals("10.1.0.0/16", Cidrs.parse("10.1.2.3/16").orElseThrow().toString());
        assertTrue(Cidrs.parse("fd00::/64").isEmpty());
        assertTrue(Cidrs.parse("300.1.1.1/8").isEmpty());
        assertEquals("0.0.0.0/0", Cidrs.parse("0.0.0.0/0").orElseThrow().toString());
    }
}
