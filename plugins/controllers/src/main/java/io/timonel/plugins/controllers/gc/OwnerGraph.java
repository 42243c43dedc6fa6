package io.timonel.plugins.controllers.gc;

import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every watched object by uid, and for every uid named as an owner, the objects naming it.
 * Owners need not be present: a reference may name an object not watched, not yet seen, or gone.
 * Thread-safe.
 */
final class OwnerGraph {
    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, Set<String>> dependents = new HashMap<>();

    /** Adds or replaces a node; returns what it replaced. */
    synchronized Optional<Node> put(Node node) {
        Node old = nodes.put(node.uid(), node);
        if (old != null) {
            unlink(old);
        }
        for (OwnerReference ref : node.owners()) {
            dependents.computeIfAbsent(ref.getUid(), k -> new LinkedHashSet<>()).add(node.uid());
        }
        return Optional.ofNullable(old);
    }

    /** Removes a node; returns it if it was there. */
    synchronized Optional<Node> remove(String uid) {
        Node old = nodes.remove(uid);
        if (old != null) {
            unlink(old);
        }
        return Optional.ofNullable(old);
    }

    private void unlink(Node node) {
        for (OwnerReference ref : node.owners()) {
            Set<String> set = dependents.get(ref.getUid());
            if (set != null) {
                set.remove(node.uid());
                if (set.isEmpty()) {
                    dependents.remove(ref.getUid());
                }
            }
        }
    }

    synchronized Optional<Node> get(String uid) {
        return Optional.ofNullable(nodes.get(uid));
    }

    /** The present objects naming {@code ownerUid} as an owner. */
    synchronized List<Node> dependentsOf(String ownerUid) {
        Set<String> set = dependents.get(ownerUid);
        if (set == null) {
            return List.of();
        }
        List<Node> out = new ArrayList<>();
        for (String uid : set) {
            Node node = nodes.get(uid);
            if (node != null) {
                out.add(node);
            }
        }
        return out;
    }

    synchronized int size() {
        return nodes.size();
    }
}
