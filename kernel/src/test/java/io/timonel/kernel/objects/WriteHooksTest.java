package io.timonel.kernel.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.api.ApiException;
import io.timonel.kernel.json.Json;
import io.timonel.kernel.store.sqlite.EmbeddedStoreFactory;
import io.timonel.kernel.watch.WatchCache;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ObjectWriteHook;
import io.timonel.spi.resource.ResourceType;
import io.timonel.spi.resource.WriteHookContext;
import io.timonel.spi.resource.WriteHookResult;
import io.timonel.spi.store.StoreBackend;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the write path calls write hooks, and that every before* ends in exactly one commit or abort. */
class WriteHooksTest {
    private static final WriteOptions WRITER = WriteOptions.system("test");
    private static final ResourceType NAMESPACES = ResourceType.builder("", "v1", "Namespace", "namespaces")
            .clusterScoped().build();
    private static final ResourceType WIDGETS = ResourceType.builder("", "v1", "Widget", "widgets")
            .statusSubresource()
            .validator((object, old) -> object.path("spec").path("size").asInt() < 0
                    ? List.of(FieldViolation.invalid("spec.size", object.path("spec").path("size").asInt(), "negative"))
                    : List.of())
            .build();

    @TempDir
    Path dir;
    private StoreBackend store;
    private WatchCache cache;
    private final List<String> calls = new ArrayList<>();
    private WriteHookResult answer = WriteHookResult.ok();

    /** Records every call; stamps spec.stamp on what it lets through. */
    private final class Recorder implements ObjectWriteHook {
        private final String name;

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String group() {
            return "";
        }

        @Override
        public String resource() {
            return "widgets";
        }

        @Override
        public WriteHookResult beforeCreate(ObjectNode object, WriteHookContext context) {
            calls.add(name + ".beforeCreate");
            Json.with(object, "spec").put("stamp", name);
            return name.equals("second") ? answer : WriteHookResult.ok();
        }

        @Override
        public WriteHookResult beforeUpdate(JsonNode old, ObjectNode object, WriteHookContext context) {
            calls.add(name + ".beforeUpdate");
            return name.equals("second") ? answer : WriteHookResult.ok();
        }

        @Override
        public void afterUpdate(JsonNode old, JsonNode stored, WriteHookContext context) {
            calls.add(name + ".afterUpdate");
        }

        @Override
        public void abort(JsonNode old, JsonNode attempted, WriteHookContext context) {
            calls.add(name + ".abort");
        }

        @Override
        public void afterDelete(JsonNode deleted, WriteHookContext context) {
            calls.add(name + ".afterDelete");
        }
    }

    private ObjectService objects;

    @BeforeEach
    void open() throws Exception {
        store = new EmbeddedStoreFactory().open(dir, Map.of());
        cache = new WatchCache(store, 1000);
        cache.start();
        Admission admission = new Admission(List.of(), Admission.SchemaGate.NONE, new CacheObjectReader(cache));
        WriteHooks hooks = new WriteHooks(List.of(new Recorder("first"), new Recorder("second")), hook -> null);
        objects = new ObjectService(store, cache, admission, Clock.systemUTC(), hooks);
        ObjectNode ns = Json.object();
        ns.putObject("metadata").put("name", "default");
        objects.create(NAMESPACES, "", ns, WRITER);
    }

    @AfterEach
    void close() throws Exception {
        cache.close();
        store.close();
    }

    private static ObjectNode widget(String name, int size) {
        ObjectNode w = Json.object();
        w.putObject("metadata").put("name", name);
        w.putObject("spec").put("size", size);
        return w;
    }

    @Test
    void aStoredCreateKeepsWhatTheHooksSetAndIsNotAborted() {
        ObjectNode stored = objects.create(WIDGETS, "default", widget("a", 1), WRITER).object();
        assertEquals("second", stored.path("spec").path("stamp").asText());
        assertEquals(List.of("first.beforeCreate", "second.beforeCreate"), calls);
    }

    @Test
    void aCreateRefusedAfterTheHooksAbortsThemLastFirst() {
        ApiException e = assertThrows(ApiException.class,
                () -> objects.create(WIDGETS, "default", widget("a", -1), WRITER));
        assertEquals(422, e.code());
        assertEquals(List.of("first.beforeCreate", "second.beforeCreate", "second.abort", "first.abort"), calls);
    }

    @Test
    void aCreateOfAnExistingNameOrADryRunIsAborted() {
        objects.create(WIDGETS, "default", widget("a", 1), WRITER);
        calls.clear();
        assertEquals(409, assertThrows(ApiException.class,
                () -> objects.create(WIDGETS, "default", widget("a", 1), WRITER)).code());
        assertEquals(List.of("first.beforeCreate", "second.beforeCreate", "second.abort", "first.abort"), calls);
        calls.clear();
        WriteOptions dryRun = new WriteOptions(WRITER.user(), true, "test", WriteOptions.FieldValidation.IGNORE, false);
        objects.create(WIDGETS, "default", widget("b", 1), dryRun);
        assertEquals(List.of("first.beforeCreate", "second.beforeCreate", "second.abort", "first.abort"), calls);
    }

    @Test
    void aHookRefusalBecomesTheStatusAndAbortsTheHooksBeforeIt() {
        answer = WriteHookResult.refused(409, "Conflict", "taken");
        ApiException e = assertThrows(ApiException.class,
                () -> objects.create(WIDGETS, "default", widget("a", 1), WRITER));
        assertEquals(409, e.code());
        assertEquals("taken", e.getMessage());
        assertEquals(List.of("first.beforeCreate", "second.beforeCreate", "second.abort", "first.abort"), calls);
        calls.clear();
        answer = WriteHookResult.invalid(FieldViolation.invalid("spec.size", 1, "no"));
        assertEquals(422, assertThrows(ApiException.class,
                () -> objects.create(WIDGETS, "default", widget("a", 1), WRITER)).code());
    }

    @Test
    void updatesCommitWithAfterUpdateAndNoOpUpdatesAbort() {
        ObjectNode stored = objects.create(WIDGETS, "default", widget("a", 1), WRITER).object();
        calls.clear();
        ObjectNode bigger = stored.deepCopy();
        ((ObjectNode) bigger.get("spec")).put("size", 2);
        objects.update(WIDGETS, "default", "a", "", bigger, WRITER);
        assertEquals(List.of("first.beforeUpdate", "second.beforeUpdate", "first.afterUpdate", "second.afterUpdate"),
                calls);
        calls.clear();
        objects.guaranteedUpdate(WIDGETS, "default", "a", "", WRITER, "", current -> current);
        assertEquals(List.of("first.beforeUpdate", "second.beforeUpdate", "second.abort", "first.abort"), calls);
    }

    @Test
    void statusWritesDoNotCallTheHooks() {
        ObjectNode stored = objects.create(WIDGETS, "default", widget("a", 1), WRITER).object();
        calls.clear();
        stored.putObject("status").put("ready", true);
        objects.update(WIDGETS, "default", "a", "status", stored, WRITER);
        assertEquals(List.of(), calls);
    }

    @Test
    void afterDeleteFollowsTheRemovalFromTheStoreAlsoWhenTheLastFinalizerGoes() {
        objects.create(WIDGETS, "default", widget("a", 1), WRITER);
        ObjectNode held = widget("b", 1);
        ((ObjectNode) held.get("metadata")).putArray("finalizers").add("example.com/hold");
        objects.create(WIDGETS, "default", held, WRITER);
        calls.clear();
        objects.delete(WIDGETS, "default", "a", new DeleteOptions(null, null, null, null), WRITER);
        assertEquals(List.of("first.afterDelete", "second.afterDelete"), calls);
        calls.clear();
        objects.delete(WIDGETS, "default", "b", new DeleteOptions(null, null, null, null), WRITER);
        assertEquals(List.of(), calls, "still held by its finalizer");
        objects.guaranteedUpdate(WIDGETS, "default", "b", "", WRITER, "", current -> {
            ((ObjectNode) current.get("metadata")).remove("finalizers");
            return current;
        });
        assertEquals(List.of("first.beforeUpdate", "second.beforeUpdate", "second.abort", "first.abort",
                "first.afterDelete", "second.afterDelete"), calls);
    }
}
