package io.timonel.plugins.scheduler.match;

import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.timonel.spi.scheduler.NodeInfo;
import java.util.List;
import java.util.Map;

/** Node selector terms (node affinity) against a node: terms are ORed, requirements ANDed. */
public final class NodeSelectors {

    private NodeSelectors() {
    }

    /** True when any term matches; a selector without terms matches nothing. */
    public static boolean matches(NodeSelector selector, NodeInfo node) {
        if (selector == null) {
            return true;
        }
        for (NodeSelectorTerm term : selector.getNodeSelectorTerms()) {
            if (matches(term, node)) {
                return true;
            }
        }
        return false;
    }

    /** A term without requirements matches nothing, as in Kubernetes. */
    public static boolean matches(NodeSelectorTerm term, NodeInfo node) {
        List<NodeSelectorRequirement> exprs = term.getMatchExpressions();
        List<NodeSelectorRequirement> fields = term.getMatchFields();
        boolean noExprs = exprs == null || exprs.isEmpty();
        boolean noFields = fields == null || fields.isEmpty();
        if (noExprs && noFields) {
            return false;
        }
        if (!noExprs) {
            for (NodeSelectorRequirement r : exprs) {
                if (!matches(r, node.labels())) {
                    return false;
                }
            }
        }
        if (!noFields) {
            for (NodeSelectorRequirement r : fields) {
                if (!"metadata.name".equals(r.getKey()) || !matches(r, Map.of("metadata.name", node.name()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** One requirement: In, NotIn, Exists, DoesNotExist, Gt, Lt. */
    public static boolean matches(NodeSelectorRequirement r, Map<String, String> labels) {
        String value = labels.get(r.getKey());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        return switch (r.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt", "Lt" -> {
                if (value == null || values.size() != 1) {
                    yield false;
                }
                try {
                    long have = Long.parseLong(value);
                    long want = Long.parseLong(values.get(0));
                    yield r.getOperator().equals("Gt") ? have > want : have < want;
                } catch (NumberFormatException e) {
                    yield false;
                }
            }
            default -> false;
        };
    }
}
