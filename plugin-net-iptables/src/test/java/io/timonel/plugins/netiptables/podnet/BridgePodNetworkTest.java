package io.timonel.plugins.netiptables.podnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.timonel.spi.network.PodAddresses;
import io.timonel.spi.network.PodAttachment;
import io.timonel.spi.network.PodNetwork;
import io.timonel.spi.runtime.SandboxConfig.PortMapping;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge network with the real CNI plugins: a network namespace the test makes stands for a
 * sandbox, a bridge of the test's own name for the node's. Needs root and /usr/lib/cni; removes
 * its namespace and bridge.
 */
class BridgePodNetworkTest {
    private final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    private final String netns = "tnt-" + suffix;
    private final String bridge = "tntbr-" + suffix;
    private final String cidr = "10.249." + ThreadLocalRandom.current().nextInt(1, 250) + ".0/24";
    @TempDir
    Path state;
    @TempDir
    Path conf;

    @BeforeEach
    void needsRootAndPlugins() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/lib/cni/bridge")), "no CNI plugins in /usr/lib/cni");
        assumeTrue(run("busybox", "true") == 0, "no busybox (its ping)");
        assumeTrue(run("ip", "netns", "add", netns) == 0, "cannot make a network namespace");
    }

    @AfterEach
    void cleanUp() throws Exception {
        run("ip", "netns", "del", netns);
        run("ip", "link", "del", bridge);
    }

    private PodNetwork open() {
        return new BridgeNetworkProvider().open("n1", Map.of("cniConfDir", conf.toString(), "cniBridge", bridge), state);
    }

    private PodAttachment pod(String netnsPath) {
        return new PodAttachment("default", "web", "uid-1", "sandbox" + suffix, netnsPath,
                List.of(new PortMapping("TCP", 80, 28080, "")));
    }

    @Test
    void configureWritesTheConfigurationListTheCriReads() throws IOException {
        open().configure(List.of(cidr));

        String written = Files.readString(conf.resolve(BridgeConfig.FILE), StandardCharsets.UTF_8);
        assertTrue(written.contains("\"subnet\" : \"" + cidr + "\""), written);
        assertTrue(written.contains("\"portMappings\" : true"), written);
        assertTrue(written.contains("\"ipMasq\" : false"), written);
        assertTrue(written.contains(state.resolve("cni").resolve("ipam").toString()), written);
    }

    @Test
    void attachGivesTheSandboxAnAddressOfTheNodesCidrBehindTheBridge() throws Exception {
        PodNetwork network = open();
        network.configure(List.of(cidr));
        String prefix = cidr.substring(0, cidr.lastIndexOf('.') + 1);

        PodAddresses addresses = network.attach(pod("/run/netns/" + netns));

        assertTrue(addresses.primary().startsWith(prefix), addresses.toString());
        assertTrue(output("ip", "netns", "exec", netns, "ip", "-4", "addr", "show", "eth0")
                .contains(addresses.primary() + "/24"));
        assertEquals(0, run("ip", "netns", "exec", netns, "busybox", "ping", "-c", "1", "-W", "2", prefix + "1"),
                "the pod reaches its gateway on the bridge");
        assertEquals(addresses, network.attach(pod("/run/netns/" + netns)), "attaching again changes nothing");
        network.detach(pod("/run/netns/" + netns)); // takes its host port rules away
    }

    @Test
    void aReopenedNetworkKnowsTheAddressesAndDetachReleasesThem() throws Exception {
        PodNetwork first = open();
        first.configure(List.of(cidr));
        PodAddresses addresses = first.attach(pod("/run/netns/" + netns));

        PodNetwork reopened = open(); // the agent restarted
        reopened.configure(List.of(cidr));
        assertEquals(Optional.of(addresses), reopened.addresses("sandbox" + suffix));

        reopened.detach(pod("/run/netns/" + netns));

        assertEquals(Optional.empty(), reopened.addresses("sandbox" + suffix));
        assertFalse(output("ip", "netns", "exec", netns, "ip", "link").contains("eth0"));
        assertFalse(Files.exists(state.resolve("cni/ipam/timonel").resolve(addresses.primary())),
                "host-local released the address");
        reopened.detach(pod("/run/netns/" + netns)); // a detached sandbox is no error
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    private static String output(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
