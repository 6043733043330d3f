package speculo.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import speculo.api.AreaStats;
import speculo.api.Writer;

/** Invariants of a writer's statistics that hold after every operation. */
final class AreaCheck {

    private AreaCheck() {
    }

    static void statsConsistent(Writer writer) {
        AreaStats stats = writer.stats();
        assertEquals(stats.used(), stats.liveBytes() + stats.deadBytes(), stats.toString());
        assertTrue(stats.liveChunks() >= 0 && stats.deadChunks() >= 0 && stats.liveBytes() >= 0, stats.toString());
        assertTrue(stats.used() <= stats.capacity() && stats.capacity() <= stats.maxCapacity(), stats.toString());
    }
}
