package io.timonel.plugins.scheduler.match;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;

/** Whether tolerations tolerate a taint, by Kubernetes' rules. */
public final class Tolerations {

    private Tolerations() {
    }

    /** True when one of {@code tolerations} tolerates {@code taint}. */
    public static boolean tolerates(List<Toleration> tolerations, Taint taint) {
        if (tolerations == null) {
            return false;
        }
        for (Toleration t : tolerations) {
            if (tolerates(t, taint)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An empty effect matches every effect; an empty key with {@code Exists} matches every key;
     * {@code Exists} ignores the value; {@code Equal} (the default operator) compares it.
     */
    public static boolean tolerates(Toleration t, Taint taint) {
        if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) {
            return false;
        }
        String key = t.getKey() == null ? "" : t.getKey();
        String op = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal" : t.getOperator();
        if (key.isEmpty()) {
            return op.equals("Exists");
        }
        if (!key.equals(taint.getKey())) {
            return false;
        }
        if (op.equals("Exists")) {
            return true;
        }
        return op.equals("Equal") && nullToEmpty(t.getValue()).equals(nullToEmpty(taint.getValue()));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
