package io.timonel.kernel.patch;

import static io.timonel.kernel.patch.Trees.assertTree;
import static io.timonel.kernel.patch.Trees.json;
import static io.timonel.kernel.patch.Trees.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.spi.resource.OpenApiSchema;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServerSideApplyTest {

    private static final OpenApiSchema CONFIGMAP = TestSchemas.configMap();
    private static final OpenApiSchema DEPLOYMENT = TestSchemas.deployment();
    private static final Instant T1 = Instant.parse("2026-01-02T03:04:05Z");
    private static final Instant T2 = Instant.parse("2026-01-02T03:04:06.789Z");
    private static final Instant T3 = Instant.parse("2026-01-02T03:04:07Z");

    private static JsonNode configMap(String data) {
        return yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: ssa, namespace: default}, data: " + data + "}");
    }

    /** The live object as stored: with server-set metadata. */
    private static ObjectNode stored(JsonNode object) {
        ObjectNode copy = ((ObjectNode) object).deepCopy();
        ObjectNode meta = (ObjectNode) copy.get("metadata");
        meta.put("uid", "0b7d");
        meta.put("resourceVersion", "42");
        meta.put("creationTimestamp", "2026-01-01T00:00:00Z");
        return copy;
    }

    private static ObjectNode applied(ApplyResult result) {
        if (result instanceof ApplyResult.Applied a) {
            return a.object();
        }
        throw new AssertionError("expected Applied, got " + result);
    }

    private static ObjectNode apply(JsonNode live, JsonNode config, String manager, Instant now) {
        return stored(applied(ServerSideApply.apply(live, config, manager, false, CONFIGMAP, now)));
    }

    @Test
    void createViaApplyRecordsAnApplyEntryAsKubernetesWritesIt() {
        ObjectNode created = applied(ServerSideApply.apply(null, configMap("{color: blue}"), "kubectl", false, CONFIGMAP, T1));
        assertEquals("blue", created.at("/data/color").asText());
        assertEquals("[{\"manager\":\"kubectl\",\"operation\":\"Apply\",\"apiVersion\":\"v1\","
                        + "\"time\":\"2026-01-02T03:04:05Z\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:data\":{\"f:color\":{}}}}]",
                json(created.at("/metadata/managedFields")));
    }

    @Test
    void reapplyingAChangedValueUpdatesItAndTheTime() {
        ObjectNode live = apply(null, configMap("{color: blue}"), "kubectl", T1);
        ObjectNode after = applied(ServerSideApply.apply(live, configMap("{color: green}"), "kubectl", false, CONFIGMAP, T2));
        assertEquals("green", after.at("/data/color").asText());
        assertEquals("2026-01-02T03:04:06Z", after.at("/metadata/managedFields/0/time").asText());
        assertEquals(1, after.at("/metadata/managedFields").size());
        assertEquals("42", after.at("/metadata/resourceVersion").asText(), "server-set metadata is kept");
    }

    @Test
    void reapplyingTheSameConfigurationChangesNothing() {
        ObjectNode live = apply(null, configMap("{color: blue}"), "kubectl", T1);
        ApplyResult.Applied again = assertInstanceOf(ApplyResult.Applied.class,
                ServerSideApply.apply(live, configMap("{color: blue}"), "kubectl", false, CONFIGMAP, T2));
        assertFalse(again.changed());
        assertTree(live, again.object());
    }

    @Test
    void applyingAnotherManagersFieldWithAnotherValueConflicts() {
        ObjectNode live = apply(null, configMap("{color: blue}"), "kubectl", T1);
        ApplyResult result = ServerSideApply.apply(live, configMap("{color: red}"), "other", false, CONFIGMAP, T2);
        ApplyResult.Conflict conflict = assertInstanceOf(ApplyResult.Conflict.class, result);
        assertEquals(409, result.httpStatus());
        assertEquals("Apply failed with 1 conflict: conflict with \"kubectl\": .data.color", conflict.message());
        assertEquals("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                        + "\"message\":\"Apply failed with 1 conflict: conflict with \\\"kubectl\\\": .data.color\","
                        + "\"reason\":\"Conflict\",\"details\":{\"causes\":[{\"type\":\"FieldManagerConflict\","
                        + "\"message\":\"conflict with \\\"kubectl\\\"\",\"field\":\".data.color\"}]},\"code\":409}",
                json(conflict.toStatus()));
    }

    @Test
    void conflictsWithSeveralFieldsListThemByManager() {
        ObjectNode live = apply(null, configMap("{color: blue, size: S}"), "kubectl", T1);
        ApplyResult.Conflict conflict = assertInstanceOf(ApplyResult.Conflict.class,
                ServerSideApply.apply(live, configMap("{color: red, size: L}"), "other", false, CONFIGMAP, T2));
        assertEquals("Apply failed with 2 conflicts: conflicts with \"kubectl\":\n- .data.color\n- .data.size",
                conflict.message());
    }

    @Test
    void forceTakesTheFieldOver() {
        ObjectNode live = apply(null, configMap("{color: blue, size: S}"), "kubectl", T1);
        ObjectNode after = applied(ServerSideApply.apply(live, configMap("{color: red}"), "other", true, CONFIGMAP, T2));
        assertEquals("red", after.at("/data/color").asText());
        assertEquals("S", after.at("/data/size").asText());
        assertEquals("[{\"manager\":\"kubectl\",\"operation\":\"Apply\",\"apiVersion\":\"v1\",\"time\":\"2026-01-02T03:04:05Z\","
                        + "\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:data\":{\"f:size\":{}}}},"
                        + "{\"manager\":\"other\",\"operation\":\"Apply\",\"apiVersion\":\"v1\",\"time\":\"2026-01-02T03:04:06Z\","
                        + "\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:data\":{\"f:color\":{}}}}]",
                json(after.at("/metadata/managedFields")));
    }

    @Test
    void applyingTheSameValueSharesOwnership() {
        ObjectNode live = apply(null, configMap("{color: blue}"), "kubectl", T1);
        ObjectNode shared = apply(live, configMap("{color: blue}"), "other", T2);
        JsonNode entries = shared.at("/metadata/managedFields");
        assertEquals(2, entries.size());
        assertEquals("{\"f:data\":{\"f:color\":{}}}", json(entries.get(0).get("fieldsV1")));
        assertEquals("{\"f:data\":{\"f:color\":{}}}", json(entries.get(1).get("fieldsV1")));
        // Now neither alone can drop it, and changing it conflicts with the other.
        ObjectNode dropped = apply(shared, configMap("{}"), "kubectl", T3);
        assertEquals("blue", dropped.at("/data/color").asText());
        assertInstanceOf(ApplyResult.Conflict.class,
                ServerSideApply.apply(dropped, configMap("{color: red}"), "kubectl", false, CONFIGMAP, T3));
    }

    @Test
    void aFieldNoLongerAppliedIsRemoved() {
        ObjectNode live = apply(null, configMap("{color: blue, size: S}"), "kubectl", T1);
        ObjectNode after = apply(live, configMap("{color: blue}"), "kubectl", T2);
        assertTree(yaml("{color: blue}"), after.get("data"));
        assertEquals("{\"f:data\":{\"f:color\":{}}}", json(after.at("/metadata/managedFields/0/fieldsV1")));
    }

    @Test
    void aMapNoLongerAppliedIsRemovedWhole() {
        ObjectNode live = apply(null, configMap("{color: blue}"), "kubectl", T1);
        ObjectNode config = (ObjectNode) configMap("{}");
        config.remove("data");
        ObjectNode after = apply(live, config, "kubectl", T2);
        assertNull(after.get("data"));
        assertNull(after.at("/metadata/managedFields").isMissingNode() ? null : after.at("/metadata/managedFields"),
                "an applier owning nothing has no entry");
        assertEquals("ssa", after.at("/metadata/name").asText());
    }

    @Test
    void fieldsSetByUpdatersAreNotRemovedByAnApplier() {
        ObjectNode live = apply(null, configMap("{color: blue}"), "kubectl", T1);
        ObjectNode edited = ServerSideApply.recordUpdate(live, MergePatchTest.overlay(live, yaml("{data: {size: M}}")),
                "kubectl-edit", CONFIGMAP, T2);
        ObjectNode after = apply(edited, configMap("{color: green}"), "kubectl", T3);
        assertTree(yaml("{color: green, size: M}"), after.get("data"));
    }

    @Test
    void applyConflictsWithAnUpdaterAndNamesItsVersion() {
        ObjectNode created = stored(ServerSideApply.recordUpdate(null, configMap("{color: blue}"),
                "kubectl-client-side-apply", CONFIGMAP, T1));
        ApplyResult.Conflict conflict = assertInstanceOf(ApplyResult.Conflict.class,
                ServerSideApply.apply(created, configMap("{color: green}"), "kubectl", false, CONFIGMAP, T2));
        assertEquals("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using v1: .data.color",
                conflict.message());
        assertEquals("conflict with \"kubectl-client-side-apply\" using v1",
                conflict.toStatus().at("/details/causes/0/message").asText());
    }

    @Test
    void createRecordsAnUpdateEntryAsKubernetesWritesIt() {
        ObjectNode created = ServerSideApply.recordUpdate(null, configMap("{color: blue}"), "kubectl-create", CONFIGMAP, T1);
        assertEquals("[{\"manager\":\"kubectl-create\",\"operation\":\"Update\",\"apiVersion\":\"v1\","
                        + "\"time\":\"2026-01-02T03:04:05Z\",\"fieldsType\":\"FieldsV1\","
                        + "\"fieldsV1\":{\"f:data\":{\".\":{},\"f:color\":{}}}}]",
                json(created.at("/metadata/managedFields")));
    }

    @Test
    void creatingADeploymentMarksOnlyWhatAppearedAsAWhole() {
        JsonNode deployment = yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d, namespace: default, labels: {app: d}}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: d}}
                  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}}
                  template:
                    metadata: {labels: {app: d}}
                    spec:
                      containers:
                      - {name: main, image: busybox, resources: {}}
                      restartPolicy: Always
                      securityContext: {}
                status: {}
                """);
        ObjectNode created = ServerSideApply.recordUpdate(null, deployment, "kubectl-create", DEPLOYMENT, T1);
        assertEquals("{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:app\":{}}},"
                        + "\"f:spec\":{\"f:replicas\":{},\"f:selector\":{},"
                        + "\"f:strategy\":{\"f:rollingUpdate\":{\".\":{},\"f:maxSurge\":{},\"f:maxUnavailable\":{}},\"f:type\":{}},"
                        + "\"f:template\":{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:app\":{}}},"
                        + "\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"main\\\"}\":{\".\":{},\"f:image\":{},\"f:name\":{},\"f:resources\":{}}},"
                        + "\"f:restartPolicy\":{},\"f:securityContext\":{}}}}}",
                json(created.at("/metadata/managedFields/0/fieldsV1")));
    }

    @Test
    void anUpdateTakesChangedFieldsFromOtherManagers() {
        ObjectNode created = stored(ServerSideApply.recordUpdate(null, configMap("{color: blue, size: S}"),
                "kubectl-create", CONFIGMAP, T1));
        ObjectNode edited = ServerSideApply.recordUpdate(created,
                MergePatchTest.overlay(created, yaml("{data: {color: red}}")), "kubectl-edit", CONFIGMAP, T2);
        assertEquals("[{\"manager\":\"kubectl-create\",\"operation\":\"Update\",\"apiVersion\":\"v1\",\"time\":\"2026-01-02T03:04:05Z\","
                        + "\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:data\":{\".\":{},\"f:size\":{}}}},"
                        + "{\"manager\":\"kubectl-edit\",\"operation\":\"Update\",\"apiVersion\":\"v1\",\"time\":\"2026-01-02T03:04:06Z\","
                        + "\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:data\":{\"f:color\":{}}}}]",
                json(edited.at("/metadata/managedFields")));
    }

    @Test
    void repeatedUpdatesByOneManagerShareOneEntry() {
        ObjectNode created = stored(ServerSideApply.recordUpdate(null, configMap("{a: '1'}"), "kubectl-create", CONFIGMAP, T1));
        ObjectNode first = ServerSideApply.recordUpdate(created, MergePatchTest.overlay(created, yaml("{data: {b: '2'}}")),
                "kubectl-edit", CONFIGMAP, T2);
        ObjectNode second = ServerSideApply.recordUpdate(first, MergePatchTest.overlay(first, yaml("{data: {c: '3'}}")),
                "kubectl-edit", CONFIGMAP, T3);
        JsonNode entries = second.at("/metadata/managedFields");
        assertEquals(2, entries.size());
        assertEquals("kubectl-edit", entries.get(1).get("manager").asText());
        assertEquals("{\"f:data\":{\"f:b\":{},\"f:c\":{}}}", json(entries.get(1).get("fieldsV1")));
        assertEquals("2026-01-02T03:04:07Z", entries.get(1).get("time").asText());
    }

    @Test
    void anUpdateThatChangesNothingKeepsTheManagedFields() {
        ObjectNode created = stored(ServerSideApply.recordUpdate(null, configMap("{a: '1'}"), "kubectl-create", CONFIGMAP, T1));
        ObjectNode same = ServerSideApply.recordUpdate(created, created, "kubectl-create", CONFIGMAP, T3);
        assertEquals(json(created.at("/metadata/managedFields")), json(same.at("/metadata/managedFields")));
    }

    @Test
    void removedFieldsAreOwnedByNobody() {
        ObjectNode created = stored(ServerSideApply.recordUpdate(null, configMap("{a: '1', b: '2'}"), "kubectl-create", CONFIGMAP, T1));
        ObjectNode patched = ServerSideApply.recordUpdate(created, MergePatchTest.overlay(created, yaml("{data: {b: null}}")),
                "kubectl-patch", CONFIGMAP, T2);
        assertEquals(1, patched.at("/metadata/managedFields").size());
        assertEquals("{\"f:data\":{\".\":{},\"f:a\":{}}}", json(patched.at("/metadata/managedFields/0/fieldsV1")));
    }

    @Test
    void managedFieldsSentWithAnUpdateReplaceTheStoredOnes() {
        ObjectNode created = stored(ServerSideApply.recordUpdate(null, configMap("{a: '1'}"), "kubectl-create", CONFIGMAP, T1));
        ObjectNode sent = created.deepCopy();
        ((ObjectNode) sent.get("metadata")).set("managedFields", yaml("""
                [{manager: someone, operation: Update, apiVersion: v1, time: "2025-01-01T00:00:00Z",
                  fieldsType: FieldsV1, fieldsV1: {"f:data": {"f:a": {}}}}]
                """));
        ObjectNode updated = ServerSideApply.recordUpdate(created, sent, "kubectl-replace", CONFIGMAP, T2);
        assertEquals("someone", updated.at("/metadata/managedFields/0/manager").asText());
        assertEquals(1, updated.at("/metadata/managedFields").size());
    }

    @Test
    void aSingleEmptyEntryClearsManagedFields() {
        ObjectNode created = stored(ServerSideApply.recordUpdate(null, configMap("{a: '1'}"), "kubectl-create", CONFIGMAP, T1));
        ObjectNode sent = created.deepCopy();
        ((ObjectNode) sent.get("metadata")).set("managedFields", yaml("[{}]"));
        assertTrue(ServerSideApply.recordUpdate(created, sent, "kubectl-patch", CONFIGMAP, T2)
                .at("/metadata/managedFields").isMissingNode());
    }

    @Test
    void anEmptyListOfManagedFieldsKeepsTheStoredOnes() {
        ObjectNode created = stored(ServerSideApply.recordUpdate(null, configMap("{a: '1'}"), "kubectl-create", CONFIGMAP, T1));
        ObjectNode sent = created.deepCopy();
        ((ObjectNode) sent.get("metadata")).set("managedFields", yaml("[]"));
        assertEquals("kubectl-create", ServerSideApply.recordUpdate(created, sent, "kubectl-patch", CONFIGMAP, T2)
                .at("/metadata/managedFields/0/manager").asText());
    }

    @Test
    void statusUpdatesAreRecordedPerSubresource() {
        JsonNode d = yaml("{apiVersion: apps/v1, kind: Deployment, metadata: {name: d}, spec: {replicas: 1}}");
        ObjectNode created = stored(ServerSideApply.recordUpdate(null, d, "kubectl-create", DEPLOYMENT, T1));
        ObjectNode status = ServerSideApply.recordUpdate(created, MergePatchTest.overlay(created, yaml("{status: {replicas: 1}}")),
                "kube-controller-manager", "status", DEPLOYMENT, T2);
        JsonNode entry = status.at("/metadata/managedFields/1");
        assertEquals("kube-controller-manager", entry.get("manager").asText());
        assertEquals("status", entry.get("subresource").asText());
        assertEquals("{\"f:status\":{\"f:replicas\":{}}}", json(entry.get("fieldsV1")));
    }

    @Test
    void appliersEachKeepTheirOwnContainers() {
        JsonNode base = yaml("{apiVersion: apps/v1, kind: Deployment, metadata: {name: d}}");
        ObjectNode a = (ObjectNode) MergePatchTest.overlay(base,
                yaml("{spec: {template: {spec: {containers: [{name: main, image: 'main:1'}]}}}}"));
        ObjectNode b = (ObjectNode) MergePatchTest.overlay(base,
                yaml("{spec: {template: {spec: {containers: [{name: side, image: 'side:1'}]}}}}"));
        ObjectNode live = stored(applied(ServerSideApply.apply(null, a, "team-a", false, DEPLOYMENT, T1)));
        live = stored(applied(ServerSideApply.apply(live, b, "team-b", false, DEPLOYMENT, T2)));
        assertEquals(2, live.at("/spec/template/spec/containers").size());
        assertEquals("{\"f:spec\":{\"f:template\":{\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"side\\\"}\":"
                        + "{\".\":{},\"f:image\":{},\"f:name\":{}}}}}}}",
                json(live.at("/metadata/managedFields/1/fieldsV1")));

        ObjectNode aWithoutContainers = (ObjectNode) MergePatchTest.overlay(base, yaml("{spec: {replicas: 3}}"));
        ObjectNode after = applied(ServerSideApply.apply(live, aWithoutContainers, "team-a", false, DEPLOYMENT, T3));
        assertTree(yaml("[{name: side, image: 'side:1'}]"), after.at("/spec/template/spec/containers"));
        assertEquals(3, after.at("/spec/replicas").asInt());
    }

    @Test
    void applyMergesIntoServerDefaultedItems() {
        ObjectNode config = (ObjectNode) yaml("""
                {apiVersion: apps/v1, kind: Deployment, metadata: {name: d},
                 spec: {template: {spec: {containers: [{name: main, image: 'main:1'}]}}}}
                """);
        ObjectNode live = stored(applied(ServerSideApply.apply(null, config, "kubectl", false, DEPLOYMENT, T1)));
        ((ObjectNode) live.at("/spec/template/spec/containers/0")).put("imagePullPolicy", "IfNotPresent");
        ObjectNode changed = (ObjectNode) MergePatchTest.overlay(config,
                yaml("{spec: {template: {spec: {containers: [{name: main, image: 'main:2'}]}}}}"));
        ObjectNode after = applied(ServerSideApply.apply(live, changed, "kubectl", false, DEPLOYMENT, T2));
        assertTree(yaml("[{name: main, image: 'main:2', imagePullPolicy: IfNotPresent}]"),
                after.at("/spec/template/spec/containers"));
    }

    @Test
    void applyKeepsLiveOnlyItemsInPlace() {
        JsonNode live = yaml("{metadata: {name: x, finalizers: [a, b, c]}}");
        JsonNode config = yaml("{metadata: {name: x, finalizers: [c, a]}}");
        ObjectNode after = applied(ServerSideApply.apply(live, config, "m", true, DEPLOYMENT, T1));
        assertTree(yaml("[b, c, a]"), after.at("/metadata/finalizers"));
        assertEquals("{\"f:metadata\":{\"f:finalizers\":{\"v:\\\"a\\\"\":{},\"v:\\\"c\\\"\":{}}}}",
                json(after.at("/metadata/managedFields/0/fieldsV1")));
    }

    @Test
    void customResourceListsWithoutListTypeAreAtomic() {
        OpenApiSchema widget = TestSchemas.widget();
        JsonNode a = yaml("{apiVersion: example.com/v1, kind: Widget, metadata: {name: w}, spec: {size: 1, tags: [x, y], ports: [{name: http, port: 80}]}}");
        ObjectNode live = stored(applied(ServerSideApply.apply(null, a, "mgr-a", false, widget, T1)));
        assertEquals("{\"f:spec\":{\"f:ports\":{\"k:{\\\"name\\\":\\\"http\\\"}\":{\".\":{},\"f:name\":{},\"f:port\":{}}},"
                + "\"f:size\":{},\"f:tags\":{}}}", json(live.at("/metadata/managedFields/0/fieldsV1")));

        JsonNode b = yaml("{apiVersion: example.com/v1, kind: Widget, metadata: {name: w}, spec: {tags: [z], ports: [{name: admin, port: 81}]}}");
        ApplyResult.Conflict conflict = assertInstanceOf(ApplyResult.Conflict.class,
                ServerSideApply.apply(live, b, "mgr-b", false, widget, T2));
        assertEquals(".spec.tags", conflict.conflicts().get(0).field().toString());
        assertEquals(1, conflict.conflicts().size(), "map-list items with new keys do not conflict");
    }

    @Test
    void withoutSchemaEveryListIsAtomicAndEveryMapGranular() {
        JsonNode a = yaml("{apiVersion: example.com/v1, kind: Thing, metadata: {name: t}, spec: {items: [1, 2], x: {y: 1}}}");
        ObjectNode live = stored(applied(ServerSideApply.apply(null, a, "m", false, null, T1)));
        assertEquals("{\"f:spec\":{\".\":{},\"f:items\":{},\"f:x\":{\".\":{},\"f:y\":{}}}}",
                json(live.at("/metadata/managedFields/0/fieldsV1")));
    }

    @Test
    void theFirstApplyToAnUntrackedObjectCreditsEarlierFieldsToBeforeFirstApply() {
        JsonNode untracked = stored(configMap("{color: blue, size: S}"));
        ApplyResult.Conflict conflict = assertInstanceOf(ApplyResult.Conflict.class,
                ServerSideApply.apply(untracked, configMap("{color: red}"), "kubectl", false, CONFIGMAP, T1));
        assertEquals("\"before-first-apply\" using v1", conflict.conflicts().get(0).manager());
        ObjectNode forced = applied(ServerSideApply.apply(untracked, configMap("{color: red}"), "kubectl", true, CONFIGMAP, T1));
        assertEquals("S", forced.at("/data/size").asText());
    }

    @Test
    void managedFieldsInTheConfigurationAreRefused() {
        JsonNode config = yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: x, managedFields: [{manager: m}]}}");
        ApplyResult result = ServerSideApply.apply(null, config, "kubectl", false, CONFIGMAP, T1);
        assertEquals(new ApplyResult.Malformed("metadata.managedFields must be nil"), result);
        assertEquals(400, result.httpStatus());
    }

    @Test
    void listItemsWithoutKeysOrWithDuplicateKeysAreInvalid() {
        JsonNode missing = yaml("{apiVersion: apps/v1, kind: Deployment, metadata: {name: d}, spec: {template: {spec: {containers: [{name: a, env: [{value: x}]}]}}}}");
        ApplyResult.Invalid invalid = assertInstanceOf(ApplyResult.Invalid.class,
                ServerSideApply.apply(null, missing, "kubectl", false, DEPLOYMENT, T1));
        assertTrue(invalid.message().contains("omits key field \"name\""), invalid.message());

        JsonNode duplicate = yaml("{apiVersion: apps/v1, kind: Deployment, metadata: {name: d}, spec: {template: {spec: {containers: [{name: a}, {name: a}]}}}}");
        invalid = assertInstanceOf(ApplyResult.Invalid.class, ServerSideApply.apply(null, duplicate, "kubectl", false, DEPLOYMENT, T1));
        assertTrue(invalid.message().contains("duplicate entries for key [name=\"a\"]"), invalid.message());
    }

    @Test
    void aMissingKeyFieldWithADefaultIsAllowed() {
        JsonNode config = yaml("{apiVersion: apps/v1, kind: Deployment, metadata: {name: d}, spec: {template: {spec: {containers: [{name: a, ports: [{containerPort: 80}]}]}}}}");
        ObjectNode out = applied(ServerSideApply.apply(null, config, "kubectl", false, DEPLOYMENT, T1));
        assertTrue(json(out.at("/metadata/managedFields/0/fieldsV1")).contains("k:{\\\"containerPort\\\":80,\\\"protocol\\\":\\\"TCP\\\"}"));
    }

    @Test
    void theInputsAreNotModified() {
        ObjectNode live = apply(null, configMap("{color: blue}"), "kubectl", T1);
        String before = json(live);
        JsonNode config = configMap("{color: green}");
        ServerSideApply.apply(live, config, "kubectl", false, CONFIGMAP, T2);
        ServerSideApply.recordUpdate(live, config, "x", CONFIGMAP, T2);
        assertEquals(before, json(live));
        assertEquals(json(configMap("{color: green}")), json(config));
    }

    private static ObjectNode createdByClientSideApply(String data) {
        ObjectNode object = (ObjectNode) configMap(data);
        ObjectNode annotations = ((ObjectNode) object.get("metadata")).putObject("annotations");
        ObjectNode lastApplied = object.deepCopy();
        ((ObjectNode) lastApplied.get("metadata")).putObject("annotations");
        annotations.put(LastApplied.ANNOTATION, json(lastApplied) + "\n");
        return stored(ServerSideApply.recordUpdate(null, object, "kubectl-client-side-apply", CONFIGMAP, T1));
    }

    @Test
    void kubectlMovingToServerSideApplyTakesOverFieldsItAppliedClientSide() {
        ObjectNode live = createdByClientSideApply("{color: blue}");
        ObjectNode after = applied(ServerSideApply.apply(live, configMap("{color: green}"), "kubectl", false, CONFIGMAP, T2));
        assertEquals("green", after.at("/data/color").asText());
        assertEquals("{\"apiVersion\":\"v1\",\"data\":{\"color\":\"green\"},\"kind\":\"ConfigMap\","
                        + "\"metadata\":{\"name\":\"ssa\",\"namespace\":\"default\"}}\n",
                after.at("/metadata/annotations").get(LastApplied.ANNOTATION).asText(),
                "the last-applied annotation follows the server-side applied configuration");
    }

    @Test
    void kubectlStillConflictsOnFieldsChangedSinceTheClientSideApply() {
        ObjectNode live = createdByClientSideApply("{color: blue}");
        ObjectNode edited = stored(ServerSideApply.recordUpdate(live, MergePatchTest.overlay(live, yaml("{data: {color: red}}")),
                "kubectl-edit", CONFIGMAP, T2));
        ApplyResult.Conflict conflict = assertInstanceOf(ApplyResult.Conflict.class,
                ServerSideApply.apply(edited, configMap("{color: green}"), "kubectl", false, CONFIGMAP, T3));
        assertEquals("\"kubectl-edit\" using v1", conflict.conflicts().get(0).manager());
    }

    @Test
    void otherManagersDoNotGetTheClientSideApplyBridge() {
        ObjectNode live = createdByClientSideApply("{color: blue}");
        assertInstanceOf(ApplyResult.Conflict.class,
                ServerSideApply.apply(live, configMap("{color: green}"), "my-tool", false, CONFIGMAP, T2));
    }

    @Test
    void metadataIsNeverPrunedEvenWhenAConfigurationOmitsIt() {
        JsonNode withLabels = yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: ssa, labels: {app: x}}, data: {a: '1'}}");
        ObjectNode live = stored(applied(ServerSideApply.apply(null, withLabels, "m", false, CONFIGMAP, T1)));
        ObjectNode after = applied(ServerSideApply.apply(live, yaml("{apiVersion: v1, kind: ConfigMap, data: {a: '1'}}"),
                "m", false, CONFIGMAP, T2));
        assertEquals("ssa", after.at("/metadata/name").asText());
        assertEquals("0b7d", after.at("/metadata/uid").asText());
        assertTrue(after.at("/metadata/labels").isMissingNode(), "labels no longer applied are pruned");
    }

    @Test
    void duplicateEntriesOfOneManagerAreFoldedTogether() {
        ObjectNode live = (ObjectNode) configMap("{a: '1', b: '2'}");
        ((ObjectNode) live.get("metadata")).set("managedFields", yaml("""
                [{manager: m, operation: Apply, apiVersion: v1, time: "2026-01-01T00:00:00Z", fieldsType: FieldsV1, fieldsV1: {"f:data": {"f:a": {}}}},
                 {manager: m, operation: Apply, apiVersion: v1, time: "2026-01-01T00:00:01Z", fieldsType: FieldsV1, fieldsV1: {"f:data": {"f:b": {}}}}]
                """));
        ObjectNode after = applied(ServerSideApply.apply(stored(live), configMap("{a: '1', b: '3'}"), "m", false, CONFIGMAP, T1));
        assertEquals(1, after.at("/metadata/managedFields").size());
        assertEquals("3", after.at("/data/b").asText());
    }

    @Test
    void malformedStoredManagedFieldsAreStartedAfresh() {
        ObjectNode live = stored(configMap("{a: '1'}"));
        ((ObjectNode) live.get("metadata")).set("managedFields", yaml("[{manager: m, operation: Sideways}]"));
        ObjectNode updated = ServerSideApply.recordUpdate(live, MergePatchTest.overlay(live, yaml("{data: {b: '2'}}")),
                "kubectl-edit", CONFIGMAP, T1);
        assertEquals("[{\"manager\":\"kubectl-edit\",\"operation\":\"Update\",\"apiVersion\":\"v1\","
                        + "\"time\":\"2026-01-02T03:04:05Z\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:data\":{\"f:b\":{}}}}]",
                json(updated.at("/metadata/managedFields")));
    }
}
