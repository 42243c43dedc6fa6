package io.timonel.plugins.ingress;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which Ingresses a controller serves: those whose class ({@code spec.ingressClassName}, else the
 * legacy annotation {@code kubernetes.io/ingress.class}) is an IngressClass with this controller's
 * {@code spec.controller}; and those without any class when one of those IngressClasses is marked
 * the cluster default ({@code ingressclass.kubernetes.io/is-default-class: "true"}).
 */
final class IngressClasses {
    static final String DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";
    static final String LEGACY_CLASS_ANNOTATION = "kubernetes.io/ingress.class";

    private final Set<String> ours;
    private final boolean defaultIsOurs;

    private IngressClasses(Set<String> ours, boolean defaultIsOurs) {
        this.ours = ours;
        this.defaultIsOurs = defaultIsOurs;
    }

    /** The selection for {@code controller} given the cluster's IngressClasses. */
    static IngressClasses of(String controller, Collection<IngressClass> classes) {
        Set<IngressClass> mine = classes.stream()
                .filter(c -> c.getSpec() != null && controller.equals(c.getSpec().getController()))
                .collect(Collectors.toSet());
        boolean anyDefault = mine.stream().anyMatch(c -> {
            Map<String, String> a = c.getMetadata().getAnnotations();
            return a != null && "true".equals(a.get(DEFAULT_CLASS_ANNOTATION));
        });
        return new IngressClasses(mine.stream().map(c -> c.getMetadata().getName()).collect(Collectors.toSet()),
                anyDefault);
    }

    boolean serves(Ingress ingress) {
        String className = ingress.getSpec() == null ? null : ingress.getSpec().getIngressClassName();
        if (className == null || className.isEmpty()) {
            Map<String, String> a = ingress.getMetadata().getAnnotations();
            className = a == null ? null : a.get(LEGACY_CLASS_ANNOTATION);
        }
        return className == null || className.isEmpty() ? defaultIsOurs : ours.contains(className);
    }
}
