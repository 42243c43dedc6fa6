package io.timonel.kernel.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.api.ApiException;
import io.timonel.spi.resource.ObjectWriteHook;
import io.timonel.spi.resource.ResourceType;
import io.timonel.spi.resource.WriteHookContext;
import io.timonel.spi.resource.WriteHookResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins' {@link ObjectWriteHook}s by resource, and the calls the write path makes to them.
 * A {@link Run} is the set of hooks whose {@code before*} accepted one write: it is ended exactly
 * once, by {@link Run#committed} or {@link Run#abort}.
 */
public final class WriteHooks {
    private static final Logger LOG = LoggerFactory.getLogger(WriteHooks.class);
    /** No hooks at all. */
    public static final WriteHooks NONE = new WriteHooks(List.of(), hook -> null);

    private final Map<String, List<Bound>> byResource = new HashMap<>();
    private final List<Bound> all = new ArrayList<>();

    /**
     * @param hooks    the plugins' hooks; two with one name make start-up fail
     * @param contexts the context of each hook
     */
    public WriteHooks(List<ObjectWriteHook> hooks, Function<ObjectWriteHook, WriteHookContext> contexts) {
        Set<String> names = new HashSet<>();
        for (ObjectWriteHook hook : hooks) {
            if (!names.add(hook.name())) {
                throw new IllegalStateException("two object write hooks are named " + hook.name());
            }
            Bound bound = new Bound(hook, contexts.apply(hook));
            all.add(bound);
            byResource.computeIfAbsent(resourceKey(hook.group(), hook.resource()), k -> new ArrayList<>()).add(bound);
        }
    }

    private static String resourceKey(String group, String resource) {
        return group + "/" + resource;
    }

    private List<Bound> of(ResourceType type) {
        return byResource.getOrDefault(resourceKey(type.group(), type.plural()), List.of());
    }

    /**
     * Runs the {@code before*} of the type's hooks on {@code object}, in order; on a refusal the
     * hooks that already ran are aborted and the refusal thrown as the client's Status.
     *
     * @param old the stored object for an update, null for a create
     */
    Run before(ResourceType type, String name, JsonNode old, ObjectNode object) {
        List<Bound> hooks = of(type);
        if (hooks.isEmpty()) {
            return Run.EMPTY;
        }
        Run run = new Run(old, object);
        for (Bound b : hooks) {
            WriteHookResult result;
            try {
                run.accepted.add(b); // a hook that throws may have claimed part of what it wanted
                result = old == null ? b.hook.beforeCreate(object, b.context)
                        : b.hook.beforeUpdate(old, object, b.context);
            } catch (RuntimeException e) {
                run.abort();
                throw e;
            }
            if (result instanceof WriteHookResult.Invalid invalid) {
                run.abort();
                throw ApiException.invalid(type.group(), type.kind(), name, invalid.violations());
            }
            if (result instanceof WriteHookResult.Refused refused) {
                run.abort();
                throw new ApiException(refused.code(), refused.reason(), refused.message(), null);
            }
        }
        return run;
    }

    /** Tells the type's hooks that {@code deleted} is gone from the store. */
    void afterDelete(ResourceType type, JsonNode deleted) {
        for (Bound b : of(type)) {
            try {
                b.hook.afterDelete(deleted, b.context);
            } catch (RuntimeException e) {
                LOG.warn("write hook {} failed after a delete; its repair will catch up", b.hook.name(), e);
            }
        }
    }

    /** Runs every hook's repair once; a failing one is logged and the others still run. */
    public void repairAll() {
        for (Bound b : all) {
            try {
                b.hook.repair(b.context);
            } catch (RuntimeException e) {
                LOG.warn("repair of write hook {} failed; retrying later", b.hook.name(), e);
            }
        }
    }

    /** Whether any hook is present. */
    public boolean isEmpty() {
        return all.isEmpty();
    }

    private record Bound(ObjectWriteHook hook, WriteHookContext context) {
    }

    /** The hooks that accepted one write, waiting for its outcome. */
    static final class Run {
        static final Run EMPTY = new Run(null, null);
        private final JsonNode old;
        private final ObjectNode attempted;
        private final List<Bound> accepted = new ArrayList<>();
        private boolean ended;

        private Run(JsonNode old, ObjectNode attempted) {
            this.old = old;
            this.attempted = attempted;
        }

        /** The write was not stored: each hook undoes what it took, the last one first. */
        void abort() {
            if (ended || accepted.isEmpty()) {
                return;
            }
            ended = true;
            for (int i = accepted.size() - 1; i >= 0; i--) {
                Bound b = accepted.get(i);
                try {
                    b.hook.abort(old, attempted, b.context);
                } catch (RuntimeException e) {
                    LOG.warn("write hook {} failed to abort; its repair will catch up", b.hook.name(), e);
                }
            }
        }

        /** The write was stored as {@code stored} (for an update, the hooks release what old held). */
        void committed(JsonNode stored) {
            if (ended || accepted.isEmpty()) {
                return;
            }
            ended = true;
            if (old == null) {
                return;
            }
            for (Bound b : accepted) {
                try {
                    b.hook.afterUpdate(old, stored, b.context);
                } catch (RuntimeException e) {
                    LOG.warn("write hook {} failed after an update; its repair will catch up", b.hook.name(), e);
                }
            }
        }
    }
}
