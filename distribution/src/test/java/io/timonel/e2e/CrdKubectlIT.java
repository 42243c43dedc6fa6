package io.timonel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A CustomResourceDefinition driven by the real kubectl: scale, columns, short names, categories. */
class CrdKubectlIT {
    private static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.e2e.example.com
            spec:
              group: e2e.example.com
              scope: Namespaced
              names:
                plural: widgets
                singular: widget
                kind: Widget
                shortNames: [wdg]
                categories: [all]
              versions:
              - name: v1
                served: true
                storage: true
                subresources:
                  status: {}
                  scale:
                    specReplicasPath: .spec.replicas
                    statusReplicasPath: .status.replicas
                additionalPrinterColumns:
                - {name: Color, type: string, jsonPath: .spec.color}
                - {name: Wanted, type: integer, jsonPath: .spec.replicas, priority: 1}
                selectableFields:
                - jsonPath: .spec.color
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        default: {}
                        properties:
                          color: {type: string, default: grey}
                          replicas: {type: integer, minimum: 0, default: 1}
                      status:
                        type: object
                        properties:
                          replicas: {type: integer}
            """;

    private static BundleServer server;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Kubectl.installed(), "kubectl v1.33 is not installed");
        server = BundleServer.start();
        kubectl = new Kubectl(server.kubeconfig());
        ok(kubectl.runWithInput(CRD, "apply", "-f=-"));
        ok(kubectl.run("wait", "--for=condition=Established", "--timeout=20s", "crd/widgets.e2e.example.com"));
        ok(kubectl.run("create", "namespace", "shop"));
        ok(kubectl.runWithInput("""
                apiVersion: e2e.example.com/v1
                kind: Widget
                metadata: {name: red-one}
                spec: {color: red}
                ---
                apiVersion: e2e.example.com/v1
                kind: Widget
                metadata: {name: plain}
                """, "apply", "-n", "shop", "-f=-"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static Kubectl.Result ok(Kubectl.Result r) {
        assertTrue(r.ok(), () -> "kubectl failed: " + r.err() + r.out());
        return r;
    }

    @Test
    void scaleWritesTheSpecReplicasPath() {
        ok(kubectl.run("scale", "-n", "shop", "widget/red-one", "--replicas=4"));
        assertEquals("4", ok(kubectl.run("get", "-n", "shop", "widget", "red-one", "-o",
                "jsonpath={.spec.replicas}")).out().trim());
        assertEquals("4", ok(kubectl.run("get", "-n", "shop", "widget", "red-one", "--subresource=scale", "-o",
                "jsonpath={.spec.replicas}")).out().trim());
    }

    @Test
    void printerColumnsWithPriorityShowOnlyInWideOutputAndDefaultsAreApplied() {
        String plain = ok(kubectl.run("get", "-n", "shop", "wdg", "plain")).out();
        assertTrue(plain.contains("COLOR") && plain.contains("grey"), plain);
        assertFalse(plain.contains("WANTED"), plain);
        String wide = ok(kubectl.run("get", "-n", "shop", "wdg", "plain", "-o", "wide")).out();
        assertTrue(wide.contains("WANTED") && wide.lines().anyMatch(l -> l.startsWith("plain") && l.contains(" 1")), wide);
    }

    @Test
    void getAllIncludesTheCategory() {
        String all = ok(kubectl.run("get", "all", "-n", "shop")).out();
        assertTrue(all.contains("widget.e2e.example.com/red-one"), all);
    }

    @Test
    void fieldSelectorOnASelectableField() {
        String red = ok(kubectl.run("get", "-n", "shop", "widgets", "--field-selector", "spec.color=red", "-o",
                "name")).out();
        assertEquals("widget.e2e.example.com/red-one", red.trim());
    }

    @Test
    void invalidObjectIsRefusedWithTheField() {
        Kubectl.Result r = kubectl.runWithInput("""
                apiVersion: e2e.example.com/v1
                kind: Widget
                metadata: {name: negative}
                spec: {replicas: -1}
                """, "apply", "-n", "shop", "-f=-");
        assertFalse(r.ok());
        assertTrue(r.err().contains("spec.replicas"), r.err());
    }

    @Test
    void explainDescribesTheCustomResource() {
        String explained = ok(kubectl.run("explain", "widgets.spec")).out();
        assertTrue(explained.contains("replicas") && explained.contains("color"), explained);
    }
}
