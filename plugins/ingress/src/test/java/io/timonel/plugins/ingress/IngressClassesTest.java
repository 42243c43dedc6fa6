package io.timonel.plugins.ingress;

import static io.timonel.plugins.ingress.routing.Ingresses.ingress;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngressClassesTest {
    private static final String OURS = "timonel.io/ingress";

    private static IngressClass ingressClass(String name, String controller, boolean isDefault) {
        IngressClassBuilder b = new IngressClassBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withController(controller).endSpec();
        if (isDefault) {
            b.editMetadata().addToAnnotations(IngressClasses.DEFAULT_CLASS_ANNOTATION, "true").endMetadata();
        }
        return b.build();
    }

    private static Ingress legacy(String className) {
        Ingress i = ingress("legacy").build();
        i.getMetadata().setAnnotations(java.util.Map.of(IngressClasses.LEGACY_CLASS_ANNOTATION, className));
        return i;
    }

    @Test
    void anIngressOfAClassWithOurControllerIsServedWhateverTheClassName() {
        IngressClasses classes = IngressClasses.of(OURS,
                List.of(ingressClass("timonel", OURS, false), ingressClass("edge", OURS, false),
                        ingressClass("nginx", "k8s.io/ingress-nginx", false)));

        assertTrue(classes.serves(ingress("a").className("timonel").build()));
        assertTrue(classes.serves(ingress("a").className("edge").build()));
        assertFalse(classes.serves(ingress("a").className("nginx").build()));
        assertFalse(classes.serves(ingress("a").className("missing").build()));
    }

    @Test
    void theLegacyAnnotationNamesTheClassWhenTheFieldIsUnset() {
        IngressClasses classes = IngressClasses.of(OURS, List.of(ingressClass("timonel", OURS, false)));

        assertTrue(classes.serves(legacy("timonel")));
        assertFalse(classes.serves(legacy("nginx")));
    }

    @Test
    void anIngressWithoutClassIsServedOnlyWhenOurClassIsTheDefault() {
        Ingress classless = ingress("a").build();

        assertFalse(IngressClasses.of(OURS, List.of(ingressClass("timonel", OURS, false))).serves(classless));
        assertTrue(IngressClasses.of(OURS, List.of(ingressClass("timonel", OURS, true))).serves(classless));
        assertFalse(IngressClasses.of(OURS, List.of(ingressClass("timonel", OURS, false),
                ingressClass("nginx", "k8s.io/ingress-nginx", true))).serves(classless));
    }
}
