package io.timonel.plugins.netiptables.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxySettingsTest {

    @Test
    void theModeIsIptablesUnlessNftablesIsAskedFor() {
        assertEquals(ProxySettings.Mode.IPTABLES, ProxySettings.from(Map.of()).mode());
        assertEquals(ProxySettings.Mode.NFTABLES, ProxySettings.from(Map.of("mode", "nftables")).mode());
        assertEquals(ProxySettings.Mode.NFTABLES, ProxySettings.from(Map.of("mode", " NFTables ")).mode());
    }

    @Test
    void anUnknownModeFailsNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProxySettings.from(Map.of("mode", "ipvs")));
        assertTrue(e.getMessage().contains("mode") && e.getMessage().contains("ipvs"), e.getMessage());
    }
}
