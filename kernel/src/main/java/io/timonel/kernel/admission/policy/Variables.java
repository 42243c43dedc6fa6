package io.timonel.kernel.admission.policy;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code variables} map of one evaluation: each of a policy's {@code spec.variables} is
 * evaluated on first use, at most once, and may refer to the variables declared before it. A
 * variable that fails makes every expression that reads it fail with the same error, while
 * expressions that never read it are unaffected, as in Kubernetes.
 */
final class Variables extends AbstractMap<String, Object> {
    private final Map<String, Expression> declared;
    private final Function<Variables, Map<String, ?>> activation;
    private final Map<String, Expression.Outcome> values = new HashMap<>();

    /**
     * @param declared   the variables in declaration order
     * @param activation builds the activation to evaluate a variable in, given this map
     */
    Variables(Map<String, Expression> declared, Function<Variables, Map<String, ?>> activation) {
        this.declared = declared;
        this.activation = activation;
    }

    /** Thrown from a lookup when the variable's own expression failed. */
    static final class VariableFailed extends RuntimeException {
        VariableFailed(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public boolean containsKey(Object key) {
        return declared.containsKey(key);
    }

    @Override
    public Object get(Object key) {
        Expression expression = declared.get(key);
        if (expression == null) {
            return null;
        }
        Expression.Outcome outcome = values.get(key);
        if (outcome == null) {
            outcome = expression.evaluate(activation.apply(this));
            values.put((String) key, outcome);
        }
        if (outcome instanceof Expression.Outcome.Value v) {
            return v.value();
        }
        throw new VariableFailed("variable '" + key + "' failed: " + ((Expression.Outcome.Error) outcome).message());
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return declared.keySet().stream().map(k -> new SimpleImmutableEntry<>(k, get(k)))
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    @Override
    public int size() {
        return declared.size();
    }
}
