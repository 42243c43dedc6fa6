package io.timonel.plugins.netiptables.proxy.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.plugins.netiptables.proxy.Endpoint;
import io.timonel.plugins.netiptables.proxy.ProxySync;
import io.timonel.plugins.netiptables.proxy.ServicePort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync engine against a script standing in for {@code nft}: it records each transaction. */
class NftSyncTest {
    @TempDir
    Path dir;

    static final Endpoint A = Endpoint.ready("10.42.0.5", 8080, true);
    static final Endpoint B = Endpoint.ready("10.42.1.6", 8080, false);

    static ServicePort port(String name, String ip, List<Endpoint> endpoints) {
        return new ServicePort("default", name, "http", "TCP", 80, List.of(ip), 0, List.of(), List.of(), 0, false,
                false, endpoints);
    }

    /** An engine whose {@code nft} appends its input to a file, failing when {@code fail} exists. */
    private NftSync engine() throws IOException {
        Path script = dir.resolve("fake-nft");
        Files.writeString(script, "#!/bin/sh\n[ -e " + dir.resolve("fail") + " ] && { echo broken >&2; exit 1; }\n"
                + "shift; shift; shift\ncat >> " + dir.resolve("log") + "\necho '#END' >> " + dir.resolve("log") + "\n");
        script.toFile().setExecutable(true);
        return new NftSync(Nft.withPrefix(List.of(script.toString())), new NftRules("10.42.0.0/16", List.of()), null,
                System::nanoTime);
    }

    private List<String> transactions() throws IOException {
        return List.of(Files.readString(dir.resolve("log")).split("#END\n"));
    }

    @Test
    void theFirstSyncRecreatesTheTableInOneTransaction() throws IOException {
        NftSync sync = engine();
        ProxySync.Outcome outcome = sync.sync(List.of(port("web", "10.96.0.20", List.of(A, B))), false);
        assertTrue(outcome.ok() && outcome.full(), outcome.toString());
        String text = transactions().get(0);
        assertTrue(text.startsWith("add table ip timonel\ndelete table ip timonel\nadd table ip timonel\n"), text);
        assertTrue(text.contains("add map ip timonel ep-tcp-2 {"), text);
        assertTrue(text.contains("add rule ip timonel services meta l4proto tcp dnat ip addr . port to ip daddr . tcp dport"
                + " . numgen random mod 2 map @ep-tcp-2"), text);
        assertTrue(text.contains("add element ip timonel ep-tcp-2 { 10.96.0.20 . 80 . 0 : 10.42.0.5 . 8080,"
                + " 10.96.0.20 . 80 . 1 : 10.42.1.6 . 8080 }"), text);
    }

    @Test
    void anEndpointChangeRewritesOnlyThatServicesElements() throws IOException {
        NftSync sync = engine();
        ServicePort other = port("other", "10.96.0.21", List.of(B));
        sync.sync(List.of(port("web", "10.96.0.20", List.of(A, B)), other), false);
        Endpoint moved = Endpoint.ready("10.42.1.6", 9090, false);
        ProxySync.Outcome outcome = sync.sync(List.of(port("web", "10.96.0.20", List.of(A, moved)), other), false);
        assertTrue(outcome.ok() && !outcome.full(), outcome.toString());
        assertEquals("delete element ip timonel ep-tcp-2 { 10.96.0.20 . 80 . 1 }\n"
                + "add element ip timonel ep-tcp-2 { 10.96.0.20 . 80 . 1 : 10.42.1.6 . 9090 }\n", transactions().get(1));
    }

    @Test
    void anUnchangedSyncWritesNothing() throws IOException {
        NftSync sync = engine();
        List<ServicePort> ports = List.of(port("web", "10.96.0.20", List.of(A)));
        sync.sync(ports, false);
        sync.sync(List.of(port("web", "10.96.0.20", List.of(A))), false);
        assertEquals(1, transactions().size());
    }

    @Test
    void aNewEndpointCountMovesTheServiceToAnotherClassAndDeclaresItOnce() throws IOException {
        NftSync sync = engine();
        sync.sync(List.of(port("web", "10.96.0.20", List.of(A))), false);
        sync.sync(List.of(port("web", "10.96.0.20", List.of(A, B))), false);
        String text = transactions().get(1);
        assertTrue(text.startsWith("add map ip timonel ep-tcp-2 {"), text);
        assertTrue(text.contains("delete element ip timonel ep-tcp-1 { 10.96.0.20 . 80 . 0 }"), text);
        assertTrue(text.contains("add rule ip timonel services meta l4proto tcp dnat"), text);
        sync.sync(List.of(port("web", "10.96.0.20", List.of(A)), port("x", "10.96.0.22", List.of(A, B))), false);
        assertFalse(transactions().get(2).contains("add map"), transactions().get(2));
    }

    @Test
    void aRemovedServiceLosesItsElementsButASharedHairpinStays() throws IOException {
        NftSync sync = engine();
        ServicePort web = port("web", "10.96.0.20", List.of(A));
        ServicePort api = port("api", "10.96.0.21", List.of(A));
        sync.sync(List.of(api, web), false);
        sync.sync(List.of(api), false);
        String text = transactions().get(1);
        assertTrue(text.contains("delete element ip timonel ep-tcp-1 { 10.96.0.20 . 80 . 0 }"), text);
        assertTrue(text.contains("delete element ip timonel cluster-ips { 10.96.0.20 . tcp . 80 }"), text);
        assertFalse(text.contains("hairpin"), "api still has 10.42.0.5 locally: " + text);
        sync.sync(List.of(), false);
        assertTrue(transactions().get(2).contains("delete element ip timonel hairpin { 10.42.0.5 . 10.42.0.5 }"));
    }

    @Test
    void aFullSyncFlushesAndRewritesKeepingAffinitySetsAndDeletesWhatIsGone() throws IOException {
        NftSync sync = engine();
        ServicePort sticky = new ServicePort("default", "sticky", "", "TCP", 80, List.of("10.96.0.30"), 0, List.of(),
                List.of(), 60, false, false, List.of(A, B));
        sync.sync(List.of(sticky), false);
        sync.sync(List.of(port("web", "10.96.0.20", List.of(A))), true);
        String text = transactions().get(1);
        assertTrue(text.startsWith("add table ip timonel\n"), text);
        assertTrue(text.contains("flush chain ip timonel services\n"), text);
        assertFalse(text.contains("delete table") || text.contains("flush table"), text);
        assertTrue(text.contains("flush map ip timonel service-ips"), text);
        assertTrue(text.contains("delete chain ip timonel svc-"), text);
        assertTrue(text.contains("delete set ip timonel aff-"), text);
    }

    @Test
    void aFailedTransactionMakesTheNextSyncRecreateTheTable() throws IOException {
        NftSync sync = engine();
        sync.sync(List.of(port("web", "10.96.0.20", List.of(A))), false);
        Files.writeString(dir.resolve("fail"), "");
        ProxySync.Outcome failed = sync.sync(List.of(port("web", "10.96.0.20", List.of(B))), false);
        assertFalse(failed.ok());
        assertTrue(failed.error().contains("broken"), failed.error());
        Files.delete(dir.resolve("fail"));
        ProxySync.Outcome retried = sync.sync(List.of(port("web", "10.96.0.20", List.of(B))), false);
        assertTrue(retried.ok() && retried.full(), retried.toString());
        assertTrue(transactions().get(1).contains("delete table ip timonel"));
    }

    @Test
    void twoServicesClaimingOneExternalAddressDoNotBreakTheTransaction() throws IOException {
        NftSync sync = engine();
        ServicePort first = new ServicePort("default", "a", "", "TCP", 80, List.of("10.96.0.40"), 0,
                List.of("198.51.100.7"), List.of(), 0, false, false, List.of(A));
        ServicePort second = new ServicePort("default", "b", "", "TCP", 80, List.of("10.96.0.41"), 0,
                List.of("198.51.100.7"), List.of(), 0, false, false, List.of(B));
        sync.sync(List.of(first, second), false);
        String text = transactions().get(0);
        int once = text.indexOf("198.51.100.7 . 80 . 0 :");
        assertTrue(once > 0 && text.indexOf("198.51.100.7 . 80 . 0 :", once + 1) < 0, text);
    }
}
