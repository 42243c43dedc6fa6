package io.timonel.plugins.simnodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void everyItemIsServedExactlyOncePerPeriod() {
        for (int count : new int[] {0, 1, 3, 99, 100, 101, 5000}) {
            Spread spread = new Spread(count, 100);
            int[] served = new int[count];
            for (long tick = 0; tick < 100; tick++) {
                for (int i = spread.from(tick); i < spread.to(tick); i++) {
                    served[i]++;
                }
            }
            for (int i = 0; i < count; i++) {
                assertEquals(1, served[i], "item " + i + " of " + count);
            }
        }
    }

    @Test
    void fiveThousandNodesOverAHundredTicksAreFiftyATick() {
        Spread spread = new Spread(5000, 100);
        for (long tick = 0; tick < 300; tick++) {
            assertEquals(50, spread.to(tick) - spread.from(tick));
        }
    }

    @Test
    void unevenCountsDifferByAtMostOnePerTick() {
        Spread spread = new Spread(1234, 600);
        for (long tick = 0; tick < 600; tick++) {
            int size = spread.to(tick) - spread.from(tick);
            assertTrue(size == 2 || size == 3, "tick " + tick + ": " + size);
        }
    }
}
