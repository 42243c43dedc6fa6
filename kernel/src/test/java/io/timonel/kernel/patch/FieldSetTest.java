package io.timonel.kernel.patch;

import static io.timonel.kernel.patch.Trees.json;
import static io.timonel.kernel.patch.Trees.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FieldSetTest {

    private static final FieldPath DATA = FieldPath.of("data");
    private static final FieldPath COLOR = FieldPath.of("data", "color");
    private static final FieldPath SIZE = FieldPath.of("data", "size");

    @Test
    void fieldsV1RoundTripsWithMarksOnInnerNodes() {
        String fieldsV1 = "{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:app\":{}}},"
                + "\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"main\\\"}\":{\".\":{},\"f:image\":{},\"f:name\":{}}},"
                + "\"f:finalizers\":{\"v:\\\"a\\\"\":{}},\"f:replicas\":{}}}";
        FieldSet set = FieldSet.fromFieldsV1(yaml(fieldsV1)).orElseThrow();
        assertEquals(fieldsV1, json(set.toFieldsV1()));
        assertTrue(set.contains(FieldPath.of("metadata", "labels")));
        assertFalse(set.contains(FieldPath.of("metadata")));
        assertTrue(set.contains(FieldPath.of("spec", "containers")
                .child(PathElement.Key.of("name", TextNode.valueOf("main"))).field("image")));
    }

    @Test
    void fieldsV1KeysAreWrittenInKubernetesOrder() {
        FieldSet set = FieldSet.of(
                FieldPath.of("spec", "list").child(new PathElement.Index(1)),
                FieldPath.of("spec", "list").child(new PathElement.Value(TextNode.valueOf("x"))),
                FieldPath.of("spec", "list").child(PathElement.Key.of("name", TextNode.valueOf("b"))),
                FieldPath.of("spec", "list", "zeta"),
                FieldPath.of("spec", "list", "alpha"));
        assertEquals("{\"f:spec\":{\"f:list\":{\"f:alpha\":{},\"f:zeta\":{},\"k:{\\\"name\\\":\\\"b\\\"}\":{},"
                + "\"v:\\\"x\\\"\":{},\"i:1\":{}}}}", json(set.toFieldsV1()));
    }

    @Test
    void multiFieldKeysAreSortedByFieldName() {
        TreeMap<String, com.fasterxml.jackson.databind.JsonNode> key = new TreeMap<>();
        key.put("protocol", TextNode.valueOf("TCP"));
        key.put("containerPort", IntNode.valueOf(80));
        PathElement pe = new PathElement.Key(key);
        assertEquals("k:{\"containerPort\":80,\"protocol\":\"TCP\"}", pe.fieldsV1Key());
        assertEquals("[containerPort=80,protocol=\"TCP\"]", pe.toString());
        assertEquals(Optional.of(pe), PathElement.parseFieldsV1Key(pe.fieldsV1Key()));
    }

    @Test
    void malformedFieldsV1IsRefused() {
        assertTrue(FieldSet.fromFieldsV1(yaml("{'x:data': {}}")).isEmpty());
        assertTrue(FieldSet.fromFieldsV1(yaml("{'f:data': 1}")).isEmpty());
        assertTrue(FieldSet.fromFieldsV1(yaml("{'k:notjson': {}}")).isEmpty());
        assertTrue(FieldSet.fromFieldsV1(yaml("[1]")).isEmpty());
    }

    @Test
    void setAlgebra() {
        FieldSet a = FieldSet.of(DATA, COLOR);
        FieldSet b = FieldSet.of(COLOR, SIZE);
        assertEquals(List.of(DATA, COLOR, SIZE), a.union(b).paths());
        assertEquals(List.of(COLOR), a.intersection(b).paths());
        assertEquals(List.of(DATA), a.difference(b).paths());
        assertEquals(List.of(SIZE), b.difference(a).paths());
        assertTrue(a.difference(a).isEmpty());
        assertEquals(FieldSet.empty(), a.intersection(FieldSet.of(FieldPath.of("spec"))));
    }

    @Test
    void aPrefixIsNotAMember() {
        FieldSet set = FieldSet.of(COLOR);
        assertFalse(set.contains(DATA));
        assertEquals("{\"f:data\":{\"f:color\":{}}}", json(set.toFieldsV1()));
        assertEquals("{\"f:data\":{\".\":{},\"f:color\":{}}}", json(set.union(FieldSet.of(DATA)).toFieldsV1()));
    }

    @Test
    void numbersInKeysCompareByValue() {
        PathElement a = PathElement.Key.of("port", IntNode.valueOf(80));
        PathElement b = PathElement.Key.of("port", yaml("80.0"));
        assertEquals(a, b);
        assertEquals(0, a.compareTo(b));
    }

    @Test
    void pathsPrintAsInConflictMessages() {
        FieldPath p = FieldPath.of("spec", "containers").child(PathElement.Key.of("name", TextNode.valueOf("main")))
                .field("image");
        assertEquals(".spec.containers[name=\"main\"].image", p.toString());
        assertEquals(".metadata.finalizers[=\"a\"]",
                FieldPath.of("metadata", "finalizers").child(new PathElement.Value(TextNode.valueOf("a"))).toString());
    }

    @Test
    void collectsWhatAnApplierOwns() {
        FieldSet set = FieldSet.of(yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d, labels: {app: d}}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: d}}
                  template:
                    spec:
                      containers:
                      - name: main
                        image: busybox
                        ports: [{containerPort: 80}]
                        resources: {}
                      tolerations: [{key: a}]
                """), TestSchemas.deployment());
        assertEquals("{\"f:apiVersion\":{},\"f:kind\":{},\"f:metadata\":{\"f:labels\":{\"f:app\":{}},\"f:name\":{}},"
                + "\"f:spec\":{\"f:replicas\":{},\"f:selector\":{},\"f:template\":{\"f:spec\":{"
                + "\"f:containers\":{\"k:{\\\"name\\\":\\\"main\\\"}\":{\".\":{},\"f:image\":{},\"f:name\":{},"
                + "\"f:ports\":{\"k:{\\\"containerPort\\\":80,\\\"protocol\\\":\\\"TCP\\\"}\":{\".\":{},\"f:containerPort\":{}}},"
                + "\"f:resources\":{}}},\"f:tolerations\":{}}}}}", json(set.toFieldsV1()));
    }

    @Test
    void withoutSchemaMapsAreGranularAndListsAtomic() {
        FieldSet set = FieldSet.of(yaml("{spec: {size: 1, tags: [a], nested: {x: 1}}}"), null);
        assertEquals("{\"f:spec\":{\".\":{},\"f:nested\":{\".\":{},\"f:x\":{}},\"f:size\":{},\"f:tags\":{}}}",
                json(set.toFieldsV1()));
    }
}
