package io.timonel.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuMeterTest {

    @Test
    void cpuTimeIsUserPlusSystemTicksCountedAfterTheCommandName() {
        // a command name with spaces and parentheses must not shift the fields
        String stat = "4242 (java (bench) x) S 1 4242 4242 0 -1 4194560 2000 0 0 0 250 50 0 0 20 0 40 0 123 0 0";

        assertEquals(3.0, CpuMeter.cpuSeconds(stat), 1e-9);
    }

    @Test
    void aMalformedStatLineIsNotANumber() {
        assertTrue(Double.isNaN(CpuMeter.cpuSeconds("garbage")));
        assertTrue(Double.isNaN(CpuMeter.cpuSeconds("1 (x) S 1 2")));
    }

    @Test
    void thisProcessHasUsedSomeCpu() {
        double seconds = CpuMeter.process(ProcessHandle.current()).seconds();

        assertTrue(seconds > 0, String.valueOf(seconds));
    }
}
