package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.Backend;
import speculo.api.Chunk;
import speculo.api.ChunkHandle;
import speculo.api.ChunkNotFoundException;
import speculo.api.ChunkStatus;
import speculo.api.Reader;
import speculo.api.Writer;

/** Changeable shared blocks: replace and remove, and handles that always find the newest copy (R9). */
@ParameterizedClass
@MethodSource("speculo.tests.Backends#all")
class BlockConformanceTest extends ConformanceBase {

    BlockConformanceTest(Backend backend) {
        super(backend);
    }

    @Test
    void aHandleResolvesToTheNewestCopy() {
        String area = newArea();
        Writer writer = writer(area);
        ChunkHandle v1 = writer.write(bytes("v1"));
        Reader reader = reader(area);
        assertEquals("v1", text(reader.read(v1).orElseThrow()));

        ChunkHandle v2 = writer.replace(v1, bytes("v2"));
        assertEquals(v1.id(), v2.id(), "a replacement keeps the chunk's id");
        assertEquals("v2", text(reader.read(v1).orElseThrow()));
        assertEquals("v2", text(reader.read(v2).orElseThrow()));

        ChunkHandle v3 = writer.replace(v1, bytes("v3"));
        assertEquals("v3", text(reader.read(v1).orElseThrow()), "an old handle follows every replacement");
        assertEquals("v3", text(reader.read(v2).orElseThrow()));
        assertEquals(v3, reader.read(v1).orElseThrow().handle());
    }

    @Test
    void theStreamShowsReplacementsAsNewChunksAndSkipsObsoleteOnes() {
        String area = newArea();
        Writer writer = writer(area);
        Reader early = reader(area);
        ChunkHandle block = writer.write(bytes("v1"));
        assertEquals(List.of("v1"), drain(early));
        writer.replace(block, bytes("v2"));
        writer.write(bytes("other"));
        Reader late = reader(area);
        assertEquals(List.of("v2", "other"), drain(early));
        assertEquals(List.of("v2", "other"), drain(late), "a newer reader never sees the obsolete copy");
        assertEquals(0, early.skipped());
        assertEquals(1, late.skipped(), "the obsolete v1 was passed over");
    }

    @Test
    void removedChunksDisappearForStreamAndHandles() {
        String area = newArea();
        Writer writer = writer(area);
        ChunkHandle gone = writer.write(bytes("gone"));
        writer.write(bytes("stays"));
        Reader reader = reader(area);
        assertTrue(writer.remove(gone));
        assertFalse(writer.remove(gone), "a second removal finds nothing");
        assertEquals(Optional.empty(), reader.read(gone));
        assertEquals(List.of("stays"), drain(reader));
        assertEquals(1, reader.skipped());
        assertThrows(ChunkNotFoundException.class, () -> writer.replace(gone, bytes("again")));
    }

    @Test
    void removingAReplacedChunkThroughAnOldHandleRemovesTheNewestCopy() {
        String area = newArea();
        Writer writer = writer(area);
        ChunkHandle v1 = writer.write(bytes("v1"));
        ChunkHandle v2 = writer.replace(v1, bytes("v2"));
        assertTrue(writer.remove(v1));
        Reader reader = reader(area);
        assertEquals(Optional.empty(), reader.read(v2));
        assertEquals(List.of(), drain(reader));
    }

    @Test
    void handlesSurviveManyCollectionsAndReplacementsBetweenThem() {
        String area = newArea();
        Writer writer = writer(area);
        Reader reader = reader(area);
        ChunkHandle first = writer.write(bytes("gen0"));
        ChunkHandle keep = writer.write(bytes("untouched"));
        for (int i = 1; i <= 5; i++) {
            writer.collect();
            writer.write(bytes("filler" + i));
            writer.replace(first, bytes("gen" + i));
            assertEquals("gen" + i, text(reader.read(first).orElseThrow()));
        }
        writer.collect();
        assertEquals(6L, reader.read(keep).map(c -> reader.generation()).orElseThrow());
        assertEquals("gen5", text(reader.read(first).orElseThrow()));
        assertEquals("untouched", text(reader.read(keep).orElseThrow()));
        ChunkHandle current = reader.read(first).orElseThrow().handle();
        assertEquals(6, Handles.generation(current));
        assertEquals(first.id(), current.id());
    }

    @Test
    void aChunkFromReadStaysValidUntilTheReaderMovesToANewGeneration() {
        String area = newArea();
        Writer writer = writer(area);
        ChunkHandle handle = writer.write(bytes("held"));
        Reader reader = reader(area);
        Chunk held = reader.read(handle).orElseThrow();
        writer.collect();
        assertEquals("held", text(held), "the old mapping is still there until the reader's next request");
        assertEquals("held", text(reader.read(handle).orElseThrow()));
        assertThrows(IllegalStateException.class, held::data, "after moving on, the old chunk is invalid");
    }

    @Test
    void aReaderTellsWhyAHandleReadsEmpty() {
        String area = newArea();
        Writer writer = writer(area);
        Reader reader = reader(area);
        ChunkHandle live = writer.write(bytes("live"));
        ChunkHandle replaced = writer.write(bytes("v1"));
        writer.replace(replaced, bytes("v2"));
        ChunkHandle expiring = writer.write(bytes("short"), java.time.Duration.ofMillis(5));
        ChunkHandle removed = writer.write(bytes("removed"));
        writer.remove(removed);
        clock.advance(java.time.Duration.ofMillis(10));

        assertEquals(ChunkStatus.LIVE, reader.status(live));
        assertEquals(ChunkStatus.LIVE, reader.status(replaced), "an older handle of a chunk: its newest copy is live");
        assertEquals(ChunkStatus.EXPIRED, reader.status(expiring));
        assertEquals(ChunkStatus.REMOVED, reader.status(removed));
        for (ChunkHandle empty : List.of(expiring, removed)) {
            assertEquals(Optional.empty(), reader.read(empty));
        }

        writer.collect();
        assertEquals(ChunkStatus.GONE, reader.status(expiring), "a collection dropped it");
        assertEquals(ChunkStatus.GONE, reader.status(removed), "a collection dropped it");
        assertEquals(ChunkStatus.LIVE, reader.status(live), "copied by the collection");
        assertEquals("v2", text(reader.read(replaced).orElseThrow()));
        String other = newArea();
        ChunkHandle foreign = writer(other).write(bytes("elsewhere"));
        assertThrows(IllegalArgumentException.class, () -> reader.status(foreign));
        reader.close();
        assertThrows(IllegalStateException.class, () -> reader.status(live));
    }
}
