package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.AreaStats;
import speculo.api.Backend;
import speculo.api.ChunkHandle;
import speculo.api.GcPolicy;
import speculo.api.Writer;

/** Statistics and GC policies. */
@ParameterizedClass
@MethodSource("speculo.tests.Backends#all")
class StatsConformanceTest extends ConformanceBase {

    StatsConformanceTest(Backend backend) {
        super(backend);
    }

    @Test
    void statsAccountForEveryRecord() {
        String area = newArea();
        Writer writer = writer(area);
        ChunkHandle a = writer.write(new byte[10]);
        writer.write(new byte[20]);
        writer.replace(a, new byte[30]);
        AreaStats stats = writer.stats();
        assertEquals(2, stats.liveChunks());
        assertEquals(1, stats.deadChunks());
        assertEquals(stats.used(), stats.liveBytes() + stats.deadBytes());
        assertTrue(stats.deadBytes() >= 10 && stats.liveBytes() >= 50);
        assertEquals(0, stats.generation());
        assertEquals(0, stats.gcCount());
        assertEquals(64 * 1024, stats.capacity());
        assertEquals(stats.capacity() - stats.used(), stats.free());
        assertEquals(clock.instant(), stats.takenAt());

        writer.collect();
        AreaStats after = writer.stats();
        assertEquals(1, after.generation());
        assertEquals(1, after.gcCount());
        assertEquals(2, after.liveChunks());
        assertEquals(0, after.deadBytes());
        assertEquals(stats.liveBytes(), after.used());
    }

    @Test
    void deadRatioPolicyCollectsWhenEnoughIsDead() {
        String area = newArea();
        Writer writer = writer(area, options().withGcPolicy(GcPolicy.deadRatioAtLeast(0.5)));
        ChunkHandle a = writer.write(new byte[100]);
        ChunkHandle b = writer.write(new byte[100]);
        writer.write(new byte[100]);
        writer.remove(a);
        assertEquals(0, writer.stats().gcCount(), "a third is dead");
        writer.remove(b);
        assertEquals(1, writer.stats().gcCount(), "two thirds are dead");
        assertEquals(0, writer.stats().deadBytes());
    }

    @Test
    void intervalPolicyCollectsOnTheWritersClock() {
        String area = newArea();
        Writer writer = writer(area, options().withGcPolicy(GcPolicy.anyOf(GcPolicy.whenFull(), GcPolicy.every(Duration.ofSeconds(10)))));
        writer.write(new byte[1]);
        assertEquals(0, writer.stats().gcCount());
        clock.advance(Duration.ofSeconds(10));
        writer.write(new byte[1]);
        assertEquals(1, writer.stats().gcCount());
        assertEquals(clock.instant(), writer.stats().lastGcAt());
        writer.write(new byte[1]);
        assertEquals(1, writer.stats().gcCount());
    }

    @Test
    void policiesRefuseBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> GcPolicy.deadRatioAtLeast(0));
        assertThrows(IllegalArgumentException.class, () -> GcPolicy.deadRatioAtLeast(1.5));
        assertThrows(IllegalArgumentException.class, () -> GcPolicy.deadRatioAtLeast(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> GcPolicy.every(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, GcPolicy::anyOf);
    }
}
