package io.timonel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.timonel.kernel.KernelConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServerCommandTest {

    private static final ConfigFile FILE = new ConfigFile(7443, "127.0.0.1", "/srv/from-config",
            List.of("config.example.com"), "/etc/tokens.csv",
            new ConfigFile.Plugins("/opt/plugins", List.of("off"), List.of("core-api")), new ConfigFile.Store("etcd"),
            java.util.Map.of("simulated-nodes", java.util.Map.of("count", "5")));

    @AfterEach
    void clearHome() {
        System.clearProperty(BundleOptions.HOME_PROPERTY);
    }

    private static ServerCommand parse(String... args) {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void withNothingSetTheDefaultsApply() {
        KernelConfig config = parse().kernelConfig(ConfigFile.empty(), Map.of());

        assertEquals(6443, config.port());
        assertEquals("0.0.0.0", config.bindAddress());
        assertEquals(Path.of("data").toAbsolutePath(), config.dataDir());
        assertNull(config.pluginsDir(), "no bundle, no plugins directory");
        assertNull(config.tokenFile());
        assertEquals(Set.of(), config.disabledPlugins());
        assertEquals("embedded", config.storeBackend());
    }

    @Test
    void theConfigFileFillsWhatTheCommandLineLeavesOpen() {
        KernelConfig config = parse().kernelConfig(FILE, Map.of());

        assertEquals(7443, config.port());
        assertEquals("127.0.0.1", config.bindAddress());
        assertEquals(Path.of("/srv/from-config"), config.dataDir());
        assertEquals(Path.of("/opt/plugins"), config.pluginsDir());
        assertEquals(Path.of("/etc/tokens.csv"), config.tokenFile());
        assertEquals(Set.of("off"), config.disabledPlugins());
        assertEquals(Set.of("core-api"), config.requiredPlugins());
        assertEquals(List.of("config.example.com"), config.extraSans());
        assertEquals("etcd", config.storeBackend());
    }

    @Test
    void commandLineOptionsWinOverEnvironmentAndConfigFile() {
        ServerCommand command = parse("--port", "9443", "--bind-address", "::1", "--data-dir", "/tmp/d",
                "--plugins-dir", "/tmp/p", "--token-auth-file", "/tmp/t.csv", "--tls-san", "a.example,10.0.0.9");

        KernelConfig config = command.kernelConfig(FILE, Map.of("TIMONEL_DATA_DIR", "/from/env"));

        assertEquals(9443, config.port());
        assertEquals("::1", config.bindAddress());
        assertEquals(Path.of("/tmp/d"), config.dataDir());
        assertEquals(Path.of("/tmp/p"), config.pluginsDir());
        assertEquals(Path.of("/tmp/t.csv"), config.tokenFile());
        assertEquals(List.of("config.example.com", "a.example", "10.0.0.9"), config.extraSans());
    }

    @Test
    void environmentDataDirWinsOverTheConfigFile() {
        KernelConfig config = parse().kernelConfig(FILE, Map.of("TIMONEL_DATA_DIR", "/from/env"));

        assertEquals(Path.of("/from/env"), config.dataDir());
    }

    @Test
    void pluginsDirDefaultsToTheBundles() {
        System.setProperty(BundleOptions.HOME_PROPERTY, "/opt/timonel");

        KernelConfig config = parse().kernelConfig(ConfigFile.empty(), Map.of());

        assertEquals(Path.of("/opt/timonel/plugins"), config.pluginsDir());
    }

    @Test
    void portOutOfRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> parse("--port", "70000").kernelConfig(FILE, Map.of()));
    }

    @Test
    void simulatedNodesOptionSetsTheCountOverTheConfigFileAndKeepsItsOtherSettings() {
        ConfigFile file = new ConfigFile(null, null, null, null, null, null, null,
                Map.of("simulated-nodes", Map.of("count", "5", "heartbeat", "20s")));

        KernelConfig config = parse("--simulated-nodes=5000").kernelConfig(file, Map.of());

        assertEquals(Map.of("count", "5000", "heartbeat", "20s"), config.controllers().get("simulated-nodes"));
    }

    @Test
    void withoutTheSimulatedNodesOptionTheConfigFileDecides() {
        KernelConfig config = parse().kernelConfig(FILE, Map.of());

        assertEquals(Map.of("count", "5"), config.controllers().get("simulated-nodes"));
    }

    @Test
    void negativeSimulatedNodesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> parse("--simulated-nodes", "-1").kernelConfig(ConfigFile.empty(), Map.of()));
    }

    @Test
    void serviceRangesDefaultToKubernetesOnesAndFollowTheirOptions() {
        KernelConfig defaults = parse().kernelConfig(ConfigFile.empty(), Map.of());
        assertEquals("10.96.0.0/12", defaults.serviceClusterIpRange());
        assertEquals("30000-32767", defaults.serviceNodePortRange());

        KernelConfig set = parse("--service-cluster-ip-range=10.100.0.0/16", "--service-node-port-range", "31000-31999")
                .kernelConfig(ConfigFile.empty(), Map.of());
        assertEquals("10.100.0.0/16", set.serviceClusterIpRange());
        assertEquals("31000-31999", set.serviceNodePortRange());
        assertEquals("10.100.0.1", set.controllers().get("controller-manager").get("kubernetes-service-ip"));
        assertEquals(null, defaults.controllers().get("controller-manager"));
        assertThrows(IllegalArgumentException.class, () -> parse("--service-node-port-range=30000")
                .kernelConfig(ConfigFile.empty(), Map.of()));
    }

    @Test
    void networkFactsReachEveryComponentThatUsesThem() {
        KernelConfig config = parse("--cluster-cidr=10.50.0.0/16", "--service-cluster-ip-range=10.100.0.0/16",
                "--cluster-domain=example.internal").kernelConfig(ConfigFile.empty(), Map.of());

        assertEquals("10.50.0.0/16", config.controllers().get("controller-manager").get("cluster-cidr"));
        assertEquals("10.50.0.0/16", config.controllers().get("service-proxy").get("clusterCidr"));
        assertEquals(Map.of("clusterCidr", "10.50.0.0/16", "serviceCidr", "10.100.0.0/16"),
                config.controllers().get("pod-routes"));
        // the cluster DNS takes the tenth address of the service range, and pods are sent there
        assertEquals("10.100.0.10", config.controllers().get("cluster-dns").get("clusterIp"));
        assertEquals("10.100.0.10", config.controllers().get("node-agent").get("clusterDns"));
        assertEquals("example.internal", config.controllers().get("node-agent").get("clusterDomain"));
        assertThrows(IllegalArgumentException.class,
                () -> parse("--cluster-cidr=10.50.0.0").kernelConfig(ConfigFile.empty(), Map.of()));
    }
}
