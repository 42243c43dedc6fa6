package io.timonel.plugins.netiptables.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.plugins.netiptables.iptables.IptablesRestore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync engine against a script standing in for iptables: it records each restore text and can be made to fail. */
class ProxySyncTest {
    @TempDir
    Path dir;
    private Path restores;
    private Path failFlag;
    private ProxySync sync;
    private final ServicePort web = ProxyRulesTest.web(List.of(ProxyRulesTest.A, ProxyRulesTest.B));
    private final ServicePort api = new ServicePort("default", "api", "", "TCP", 443, List.of("10.96.0.30"), 0,
            List.of(), List.of(), 0, false, false, List.of(ProxyRulesTest.C));

    @BeforeEach
    void fakeIptables() throws IOException {
        restores = dir.resolve("restores");
        failFlag = dir.resolve("fail");
        Path script = dir.resolve("fake-iptables.sh");
        // iptables-save prints empty tables; iptables-restore appends its input and a separator, or fails on demand
        Files.writeString(script, """
                #!/bin/sh
                case "$1" in
                  iptables-save) exit 0 ;;
                  iptables-restore) [ -e "%s" ] && { echo "refused" >&2; exit 2; }
                                    cat >> "%s"; echo "=====" >> "%s" ;;
                esac
                """.formatted(failFlag, restores, restores));
        AtomicLong ticks = new AtomicLong();
        sync = new ProxySync(IptablesRestore.withPrefix(List.of("sh", script.toString())),
                new ProxyRules("10.42.0.0/16", List.of()), ticks::incrementAndGet);
    }

    private List<String> transactions() throws IOException {
        return Files.exists(restores) ? List.of(Files.readString(restores).split("=====\n")) : List.of();
    }

    @Test
    void theFirstSyncIsFullAndAddsTheHooks() throws IOException {
        ProxySync.Outcome outcome = sync.sync(List.of(web, api), false);
        assertTrue(outcome.ok() && outcome.full(), outcome.toString());
        String text = transactions().get(0);
        assertTrue(text.contains("-I PREROUTING -m comment --comment \"timonel service portals\" -j TIMONEL-SERVICES"));
        assertTrue(text.contains(":" + ChainNames.svc(api) + " - [0:0]"));
    }

    @Test
    void laterSyncsSendOnlyWhatChangedAndNothingWhenNothingDid() throws IOException {
        sync.sync(List.of(web, api), false);
        ProxySync.Outcome same = sync.sync(List.of(web, api), false);
        assertEquals(1, transactions().size(), "no transaction when nothing changed");
        assertFalse(same.full());
        sync.sync(List.of(web.withEndpoints(List.of(ProxyRulesTest.A)), api), false);
        String text = transactions().get(1);
        assertTrue(text.contains(":" + ChainNames.svc(web) + " - [0:0]"));
        assertFalse(text.contains(ChainNames.svc(api)), "the unchanged service is not mentioned");
        assertFalse(text.contains("-I PREROUTING"), "hooks are added once");
    }

    @Test
    void afterAFailedTransactionTheNextSyncIsFull() throws IOException {
        sync.sync(List.of(web), false);
        Files.writeString(failFlag, "");
        ProxySync.Outcome failed = sync.sync(List.of(web, api), false);
        assertFalse(failed.ok());
        assertTrue(failed.error().contains("refused"), failed.error());
        Files.delete(failFlag);
        ProxySync.Outcome retried = sync.sync(List.of(web, api), false);
        assertTrue(retried.ok() && retried.full(), retried.toString());
    }
}
