package io.timonel.plugins.netiptables.proxy.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.timonel.plugins.netiptables.iptables.IptablesRestore;
import io.timonel.plugins.netiptables.proxy.DataPlane;
import io.timonel.plugins.netiptables.proxy.Endpoint;
import io.timonel.plugins.netiptables.proxy.ProxySync;
import io.timonel.plugins.netiptables.proxy.ServicePort;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kernel and {@code nft} accept every transaction the engine writes — each kind of port, and
 * each kind of change between them — in a throwaway network namespace. Skipped unless root with
 * {@code ip} and {@code nft}.
 */
class NftSyncKernelTest {
    private String netns;

    static final Endpoint A = Endpoint.ready("10.42.0.5", 8080, true);
    static final Endpoint B = Endpoint.ready("10.42.1.6", 8080, false);
    static final Endpoint C = Endpoint.ready("10.42.2.7", 8080, false);

    @BeforeEach
    void namespace() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && run("nft", "--version") == 0,
                "needs root and nft");
        netns = "tnt-k" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        assertEquals(0, run("ip", "netns", "add", netns));
    }

    @AfterEach
    void removeNamespace() throws Exception {
        if (netns != null) {
            run("ip", "netns", "delete", netns);
        }
    }

    private static int run(String... argv) throws IOException, InterruptedException {
        return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }

    private static ServicePort port(String name, String proto, int nodePort, List<String> external, int affinity,
                                    boolean internalLocal, boolean externalLocal, List<Endpoint> endpoints) {
        return new ServicePort("default", name, "p", proto, 80, List.of("10.96.0." + (10 + name.length())), nodePort,
                external, List.of(), affinity, internalLocal, externalLocal, endpoints);
    }

    @Test
    void everyKindOfPortAndChangeIsAcceptedAndStoppingLeavesNothing() throws Exception {
        NftSync sync = new NftSync(Nft.inNetns(netns), new NftRules("10.42.0.0/16", List.of()),
                new IptablesForwardAccept(IptablesRestore.inNetns(netns)), System::nanoTime);
        List<List<ServicePort>> states = new ArrayList<>();
        states.add(List.of(
                port("a", "TCP", 30001, List.of("198.51.100.1"), 0, false, false, List.of(A, B, C)),
                port("bb", "UDP", 0, List.of(), 0, true, false, List.of(A, B)),
                port("ccc", "SCTP", 30003, List.of(), 0, false, true, List.of(A, B)),
                port("dddd", "TCP", 30004, List.of("198.51.100.4"), 300, false, false, List.of(A, B)),
                port("eeeee", "TCP", 30005, List.of("198.51.100.5"), 0, false, true, List.of(B)),
                port("ffffff", "TCP", 30006, List.of(), 0, false, false, List.of())));
        // every port changes kind: endpoints move, affinity and policies flip, ports go away
        states.add(List.of(
                port("a", "TCP", 30001, List.of("198.51.100.1"), 60, false, false, List.of(A, C)),
                port("bb", "UDP", 0, List.of(), 0, false, false, List.of(A, B, C)),
                port("ccc", "SCTP", 30003, List.of(), 0, false, false, List.of(B)),
                port("dddd", "TCP", 30004, List.of("198.51.100.4"), 0, false, false, List.of(A, B)),
                port("eeeee", "TCP", 30005, List.of("198.51.100.5"), 0, false, true, List.of(A, B)),
                port("ffffff", "TCP", 30006, List.of(), 0, false, false, List.of(C))));
        states.add(List.of(port("ffffff", "TCP", 30006, List.of(), 0, false, false, List.of())));
        states.add(List.of());
        for (List<ServicePort> state : states) {
            ProxySync.Outcome outcome = sync.sync(state, false);
            assertTrue(outcome.ok(), outcome.error() + "\n" + sync.lastScript());
        }
        ProxySync.Outcome full = sync.sync(states.get(0), true);
        assertTrue(full.ok() && full.full(), full.error() + "\n" + sync.lastScript());
        ProxySync.Outcome flushed = sync.sync(states.get(1), true);
        assertTrue(flushed.ok(), flushed.error() + "\n" + sync.lastScript());
        assertFalse(sync.lastScript().contains("delete table"), "a later full sync keeps the table");

        DataPlane.Cleanup cleanup = sync.removeAll();
        assertTrue(cleanup.ok(), cleanup.detail());
        assertTrue(run("ip", "netns", "exec", netns, "nft", "list", "table", "ip", "timonel") != 0);
    }
}
