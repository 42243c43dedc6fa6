package io.timonel.plugins.controllers.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class VerdictTest {

    /**
     * Owners are written {@code uid=STATE}, separated by spaces; the verdict as
     * {@code Keep}, {@code Drop:<uids>} or {@code Delete:<policy>}.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            no owners: kept                                  | -                 | -                  | false | Keep
            one standing owner: kept                         | a=SOLID           | -                  | false | Keep
            owner gone: deleted in the background            | a=GONE            | -                  | false | Delete:Background
            every owner gone: deleted                        | a=GONE b=GONE     | -                  | false | Delete:Background
            one owner gone, one standing: reference dropped  | a=GONE b=SOLID    | -                  | false | Drop:a
            owner waiting, another standing: reference dropped | a=WAITING b=SOLID | -                | false | Drop:a
            owner waiting: deleted in the background         | a=WAITING         | -                  | false | Delete:Background
            owner waiting, object owns others: foreground    | a=WAITING         | -                  | true  | Delete:Foreground
            owner gone, object asks for orphaning            | a=GONE            | orphan             | false | Delete:Orphan
            owner gone, object asks for foreground           | a=GONE            | foregroundDeletion | false | Delete:Foreground
            """)
    void verdicts(String name, String owners, String finalizer, boolean hasDependents, String expected) {
        Map<String, Verdict.OwnerState> states = new HashMap<>();
        List<OwnerReference> refs = owners == null ? List.of() : Arrays.stream(owners.split(" ")).map(o -> {
            String[] parts = o.split("=");
            states.put(parts[0], Verdict.OwnerState.valueOf(parts[1]));
            return ref(parts[0], false);
        }).toList();
        Node node = new Node("x", "v1", "ConfigMap", "ns", "x", refs, false,
                finalizer == null ? List.of() : List.of(finalizer));
        assertEquals(expected, describe(Verdict.of(node, states, hasDependents)));
    }

    @Test
    void objectAlreadyBeingDeletedIsLeftAlone() {
        Node node = new Node("x", "v1", "ConfigMap", "ns", "x", List.of(ref("a", false)), true, List.of());
        assertEquals("Keep", describe(Verdict.of(node, Map.of("a", Verdict.OwnerState.GONE), false)));
    }

    @Test
    void foregroundOwnerMayGoOnceNoDependentBlocksIt() {
        Node blocking = new Node("d1", "v1", "Pod", "ns", "d1", List.of(ref("o", true)), true, List.of());
        Node notBlocking = new Node("d2", "v1", "Pod", "ns", "d2", List.of(ref("o", false)), false, List.of());
        assertFalse(Verdict.ownerMayGo("o", List.of(blocking, notBlocking)));
        assertTrue(Verdict.ownerMayGo("o", List.of(notBlocking)));
        assertTrue(Verdict.ownerMayGo("o", List.of()));
    }

    private static OwnerReference ref(String uid, boolean block) {
        return new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap").withName(uid).withUid(uid)
                .withBlockOwnerDeletion(block).build();
    }

    private static String describe(Verdict verdict) {
        if (verdict instanceof Verdict.DropReferences drop) {
            return "Drop:" + String.join(",", drop.ownerUids());
        }
        if (verdict instanceof Verdict.Delete delete) {
            return "Delete:" + delete.propagationPolicy();
        }
        return "Keep";
    }
}
