package io.timonel.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcessTreeTest {

    @Test
    void residentMemoryIsReadFromTheVmRssLineInKib() {
        String status = "Name:\tjava\nVmPeak:\t 5000000 kB\nVmRSS:\t  143872 kB\nRssAnon:\t 100000 kB\n";

        assertEquals(OptionalLong.of(143_872), ProcessTree.vmRssKib(status));
    }

    @Test
    void aStatusWithoutVmRssHasNoResidentMemory() {
        // kernel threads and zombies have no VmRSS line
        assertEquals(OptionalLong.empty(), ProcessTree.vmRssKib("Name:\tkthreadd\nState:\tS (sleeping)\n"));
    }

    @Test
    void thisProcessHasResidentMemory() {
        OptionalLong kib = ProcessTree.residentKib(ProcessHandle.current());

        assertTrue(kib.isPresent() && kib.getAsLong() > 1024, kib.toString());
    }
}
