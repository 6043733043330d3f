package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.AreaFullException;
import speculo.api.Backend;
import speculo.api.Chunk;
import speculo.api.ChunkHandle;
import speculo.api.Reader;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/** Garbage collection while readers read (R10, R11). */
@ParameterizedClass
@MethodSource("speculo.tests.Backends#all")
class CollectionConformanceTest extends ConformanceBase {

    CollectionConformanceTest(Backend backend) {
        super(backend);
    }

    @Test
    void aReaderContinuesAfterACollectionWithoutLossOrRepeat() {
        String area = newArea();
        Writer writer = writer(area);
        Reader reader = reader(area);
        for (int i = 0; i < 10; i++) {
            writer.write(bytes("c" + i));
        }
        List<String> seen = new ArrayList<>();
        reader.poll(c -> seen.add(text(c)), 4);
        writer.collect();
        writer.write(bytes("c10"));
        writer.collect();
        seen.addAll(drain(reader));
        assertEquals(List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10"), seen);
        assertEquals(2, reader.generation());
        assertEquals(0, reader.skipped());
    }

    @Test
    void aChunkStaysValidUntilItsReaderNextLooksAtTheArea() {
        String area = newArea();
        Writer writer = writer(area);
        Reader reader = reader(area);
        writer.write(bytes("kept"));
        Chunk chunk = reader.next().orElseThrow();
        writer.write(bytes("more"));
        writer.collect();
        writer.collect();
        // Calls that do not look for new chunks leave it alone, whatever the writer did.
        reader.generation();
        reader.skipped();
        reader.isWriterClosed();
        assertTrue(chunk.isValid());
        assertEquals("kept", text(chunk));
        assertEquals("more", text(reader.next().orElseThrow())); // switches to the writer's generation
        assertFalse(chunk.isValid(), "its generation was left");
        assertThrows(IllegalStateException.class, chunk::toByteArray);
        Chunk last = reader.read(writer.write(bytes("last"))).orElseThrow();
        assertTrue(last.isValid());
        reader.close();
        assertFalse(last.isValid(), "its reader closed");
    }

    @Test
    void chunksDroppedByACollectionBeforeTheReaderGotThereCountAsSkipped() {
        String area = newArea();
        Writer writer = writer(area);
        Reader reader = reader(area);
        writer.write(bytes("a"));
        assertEquals(List.of("a"), drain(reader));
        ChunkHandle b = writer.write(bytes("b"));
        ChunkHandle c = writer.write(bytes("c"));
        writer.write(bytes("d"));
        writer.remove(b);
        writer.remove(c);
        writer.collect();
        assertEquals(List.of("d"), drain(reader));
        assertEquals(2, reader.skipped());
    }

    @Test
    void aChunkHeldDuringACollectionStaysReadableUntilTheReadersNextRequest() {
        String area = newArea();
        Writer writer = writer(area);
        writer.write(bytes("held"));
        Reader reader = reader(area);
        Chunk held = reader.next().orElseThrow();
        writer.collect();
        writer.collect();
        assertEquals("held", text(held));
        reader.next();
        assertThrows(IllegalStateException.class, held::data);
        assertThrows(IllegalStateException.class, held::mapping, "the mapping view goes stale with the generation too");
    }

    @Test
    void aCollectionMakesTheNextGenerationTheCapacityFactorTimesItsLiveData() {
        long initial = options().initialCapacity();
        for (int factor : new int[] {2, 4, WriterOptions.MAX_CAPACITY_FACTOR}) {
            Writer writer = writer(newArea(), options().withCapacityFactor(factor));
            // Less than half the initial capacity: no generation is prepared ahead, whose size would be its own.
            for (int i = 0; i < 3; i++) {
                writer.write(new byte[10_000]);
            }
            long live = writer.stats().used();
            writer.collect();
            long expected = Math.max(initial, (factor * live + 4095) / 4096 * 4096);
            assertEquals(expected, writer.stats().capacity(), "factor " + factor + ", " + live + " live bytes");
            assertEquals(live, writer.stats().used());
        }
    }

    @Test
    void aGenerationKeepsItsSizeUntilItsLiveDataAsksForAQuarterOfItOrLess() {
        // No recycling, and no generation prepared ahead (the clock moves on before each collection,
        // so that half the time between the last two has not passed after it): either would bring a
        // size of its own.
        Writer writer = writer(newArea(), options().withCapacityFactor(4).withRecycledObjects(0));
        List<ChunkHandle> chunks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            chunks.add(writer.write(new byte[10_000]));
        }
        long threeRecords = writer.stats().used();
        clock.advance(Duration.ofSeconds(1));
        writer.collect();
        long grown = writer.stats().capacity();
        assertEquals((4 * threeRecords + 4095) / 4096 * 4096, grown, "grown at once to four times the live data");
        writer.remove(chunks.get(0));
        clock.advance(Duration.ofSeconds(1));
        writer.collect();
        assertEquals(grown, writer.stats().capacity(), "two records live ask for two thirds of it: kept");
        writer.remove(chunks.get(1));
        clock.advance(Duration.ofSeconds(1));
        writer.collect();
        assertEquals(grown, writer.stats().capacity(), "one record live asks for a third of it: kept");
        writer.remove(chunks.get(2));
        clock.advance(Duration.ofSeconds(1));
        writer.collect();
        assertEquals(options().initialCapacity(), writer.stats().capacity(), "nothing but notices live: shrunk");
    }

    @Test
    void aGenerationShrinksByItselfOnlyAfterEightCollectionsInARowAskedItTo() {
        // Collections its policy asks for, as a full generation's are, not the application's (see above for the rest).
        boolean[] due = {false};
        Writer writer = writer(newArea(), options().withCapacityFactor(4).withRecycledObjects(0)
                .withGcPolicy(stats -> due[0]));
        List<ChunkHandle> chunks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            chunks.add(writer.write(new byte[10_000]));
        }
        clock.advance(Duration.ofSeconds(1));
        writer.collect();
        long grown = writer.stats().capacity();
        chunks.forEach(writer::remove);
        for (int ask = 1; ask < 8; ask++) {
            collectByPolicy(writer, due, new byte[1]);
            assertEquals(grown, writer.stats().capacity(), "ask " + ask + " to shrink: kept");
        }
        ChunkHandle twoThirds = collectByPolicy(writer, due, new byte[20_000]);
        assertEquals(grown, writer.stats().capacity(), "live data of two thirds of it asks to keep it");
        writer.remove(twoThirds);
        for (int ask = 1; ask < 8; ask++) {
            collectByPolicy(writer, due, new byte[1]);
            assertEquals(grown, writer.stats().capacity(), "ask " + ask + " since the count started again: kept");
        }
        collectByPolicy(writer, due, new byte[1]);
        assertEquals(options().initialCapacity(), writer.stats().capacity(), "the eighth ask in a row: shrunk");
    }

    /** Writes {@code data}, after which {@code writer}'s policy collects once, and checks that it did. */
    private ChunkHandle collectByPolicy(Writer writer, boolean[] due, byte[] data) {
        long collections = writer.stats().gcCount();
        clock.advance(Duration.ofSeconds(1));
        due[0] = true;
        ChunkHandle handle = writer.write(data);
        due[0] = false;
        assertEquals(collections + 1, writer.stats().gcCount(), "collected once, by the policy");
        return handle;
    }

    @Test
    void theAreaGrowsForALargeChunkAndShrinksWhenDataDies() {
        String area = newArea();
        Writer writer = writer(area);
        long initial = writer.stats().capacity();
        ChunkHandle big = writer.write(new byte[1 << 20]);
        assertTrue(writer.stats().capacity() > initial, "grown to hold 1 MiB");
        assertEquals(1, writer.stats().gcCount());
        writer.remove(big);
        writer.collect();
        assertEquals(initial, writer.stats().capacity(), "back to the initial capacity");
        assertEquals(0, writer.stats().used());
    }

    @Test
    void aFullAreaRefusesTheChunkAndStaysIntact() {
        String area = newArea();
        Writer writer = writer(area, options().withInitialCapacity(64 * 1024).withMaxCapacity(256 * 1024));
        List<ChunkHandle> handles = new ArrayList<>();
        AreaFullException full = null;
        for (int i = 0; i < 100 && full == null; i++) {
            try {
                handles.add(writer.write(new byte[10_000]));
            } catch (AreaFullException e) {
                full = e;
            }
        }
        assertNotNull(full, "256 KiB cannot hold 100 chunks of 10 kB");
        assertTrue(full.getMessage().contains(area));
        Reader reader = reader(area);
        for (ChunkHandle handle : handles) {
            assertEquals(10_000, reader.read(handle).orElseThrow().size());
        }
        assertThrows(AreaFullException.class, () -> writer.write(new byte[300 * 1024]), "larger than the maximum");
        writer.remove(handles.get(0));
        writer.remove(handles.get(1));
        writer.write(new byte[10_000]);
        assertEquals(handles.size() - 1, drain(reader).size());
    }

    @Test
    void readersOfAnOldGenerationKeepReadingItConsistently() {
        String area = newArea();
        Writer writer = writer(area);
        for (int i = 0; i < 100; i++) {
            writer.write(bytes("c" + i));
        }
        Reader reader = reader(area);
        Chunk first = reader.next().orElseThrow();
        for (int round = 0; round < 10; round++) {
            writer.collect();
        }
        assertEquals("c0", text(first));
        List<String> rest = drain(reader);
        assertEquals(99, rest.size());
        assertEquals("c99", rest.get(98));
    }
}
