package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
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
    void statsCountTheExpiredStartOfAnAreaWithoutReadingItRight() {
        // The default policy counts on demand and takes the expired start as a whole; a timer
        // policy counts every change as it happens. Both must tell the same.
        Writer onDemand = writer(newArea(), options().withInitialCapacity(1 << 20));
        Writer asItHappens = writer(newArea(), options().withInitialCapacity(1 << 20)
                .withGcPolicy(GcPolicy.anyOf(GcPolicy.whenFull(), GcPolicy.every(Duration.ofDays(1)))));
        for (Writer writer : new Writer[] {onDemand, asItHappens}) {
            ChunkHandle block = writer.write(new byte[300]); // never expires
            for (int i = 0; i < 200; i++) {
                writer.append(MemorySegment.ofArray(new byte[1000]), Duration.ofMillis(100));
            }
            ChunkHandle setting = writer.write(new byte[50]);
            for (int i = 0; i < 200; i++) {
                writer.append(MemorySegment.ofArray(new byte[900]), Duration.ofMillis(100));
            }
            writer.replace(block, new byte[400]);
            writer.remove(setting);
        }
        clock.advance(Duration.ofMillis(50));
        ChunkHandle young = null;
        for (Writer writer : new Writer[] {onDemand, asItHappens}) {
            for (int i = 0; i < 20; i++) {
                young = writer.write(new byte[700], Duration.ofMillis(100));
            }
            writer.remove(young);
        }
        clock.advance(Duration.ofMillis(60)); // the 400 expired, 19 young live

        AreaStats counted = onDemand.stats();
        AreaStats tracked = asItHappens.stats();
        assertEquals(20, counted.liveChunks(), "the replaced block and 19 young chunks");
        assertEquals(403, counted.deadChunks(), "400 expired, the block's old copy, the setting, one young chunk");
        assertEquals(counted.used(), counted.liveBytes() + counted.deadBytes());
        assertEquals(List.of(tracked.liveChunks(), tracked.deadChunks(), tracked.liveBytes(), tracked.deadBytes()),
                List.of(counted.liveChunks(), counted.deadChunks(), counted.liveBytes(), counted.deadBytes()));
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
