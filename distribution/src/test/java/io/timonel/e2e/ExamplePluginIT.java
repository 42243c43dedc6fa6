package io.timonel.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example plugin, dropped into plugins/ as a third party's would be: its CRD is installed,
 * kubectl serves Widgets, and its controller writes their status.
 */
class ExamplePluginIT {
    private static BundleServer server;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Kubectl.installed(), "kubectl v1.33 is not installed");
        Path examples = BundleServer.BUNDLE.resolve("examples/plugins");
        List<Path> jars;
        try (var files = Files.list(examples)) {
            jars = files.filter(p -> p.getFileName().toString().contains("example-widgets")).toList();
        }
        server = BundleServer.start(jars);
        kubectl = new Kubectl(server.kubeconfig());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 120; i++) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    @Test
    void widgetsAreServedAndTheirControllerWritesStatus() throws Exception {
        assertTrue(eventually(() -> kubectl.run("get", "crd", "widgets.example.timonel.io", "-o",
                "jsonpath={.status.conditions[?(@.type==\"Established\")].status}").out().equals("True")),
                "the plugin's CRD is installed and established");
        kubectl.run("create", "namespace", "widgets");
        String widget = "apiVersion: example.timonel.io/v1\nkind: Widget\nmetadata:\n  name: w1\nspec:\n  size: 3\n";
        assertTrue(eventually(() -> kubectl.runWithInput(widget, "apply", "-n", "widgets", "-f", "-").ok()));
        assertTrue(eventually(() -> kubectl.run("get", "-n", "widgets", "wdg", "w1", "-o",
                "jsonpath={.status.ready}").out().equals("true")), "the controller sets status.ready");
        String table = kubectl.run("get", "-n", "widgets", "widgets").out();
        assertTrue(table.lines().anyMatch(l -> l.matches("w1\\s+3\\s+true\\s+\\S+")), table);

        Kubectl.Result tooBig = kubectl.runWithInput(widget.replace("size: 3", "size: 1000"), "apply", "-n", "widgets",
                "-f", "-");
        assertFalse(tooBig.ok());
        assertTrue(tooBig.err().contains("spec.size"), tooBig.err());
    }
}
