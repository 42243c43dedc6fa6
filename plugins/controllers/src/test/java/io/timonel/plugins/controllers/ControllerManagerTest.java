package io.timonel.plugins.controllers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ControllerManagerTest {
    private static final List<String> ALL = List.of("replicaset", "job", "cronjob");

    @Test
    void starMeansEveryLoop() {
        assertEquals(Set.copyOf(ALL), ControllerManager.enabled("*", ALL));
    }

    @Test
    void aMinusLeavesOneOut() {
        assertEquals(Set.of("replicaset", "cronjob"), ControllerManager.enabled("*, -job", ALL));
    }

    @Test
    void bareNamesChooseOnlyThoseAndUnknownNamesAreIgnored() {
        assertEquals(Set.of("job"), ControllerManager.enabled("job,nosuchloop", ALL));
    }
}
