package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.Backend;
import speculo.api.Chunk;
import speculo.api.ChunkHandle;
import speculo.api.ChunkStatus;
import speculo.api.Reader;
import speculo.api.Writer;
import speculo.api.WriterOptions;
import speculo.core.layout.DataDescriptor;

/**
 * Mirror areas ({@link WriterOptions#asMirror}): a copy written with {@link Writer#mirror} keeps its
 * source chunk's id, and the source's handles resolve on the mirror to the newest copy, before and
 * after collections, through readers and the writer alike.
 */
@ParameterizedClass
@MethodSource("speculo.tests.Backends#all")
class MirrorConformanceTest extends ConformanceBase {

    MirrorConformanceTest(Backend backend) {
        super(backend);
    }

    /** The source area's writer: the chunks the tests mirror are its. */
    private Writer source;
    /** The mirror area of each test, its writer and a reader of it. */
    private String mirrorArea;
    private Writer mirror;
    private Reader reader;

    @BeforeEach
    void openSourceAndMirror() {
        source = writer(newArea());
        mirrorArea = newArea();
        mirror = writer(mirrorArea, mirrorOptions());
        reader = reader(mirrorArea);
    }

    private WriterOptions mirrorOptions() {
        return options().asMirror();
    }

    /** {@return the text of the chunk {@code handle} resolves to on {@code reader}, or null if none} */
    private static String read(Reader reader, ChunkHandle handle) {
        return reader.read(handle).map(ConformanceBase::text).orElse(null);
    }

    private static MemorySegment segment(String text) {
        return MemorySegment.ofArray(bytes(text));
    }

    @Test
    void aSourceHandleResolvesOnTheMirrorToTheNewestCopyOfItsChunk() {

        ChunkHandle a = source.write(bytes("a1"));
        ChunkHandle b = source.write(bytes("b1"));
        ChunkHandle mirroredA = mirror.mirror(a, segment("a1"), Instant.MAX);
        mirror.mirror(b, segment("b1"), Instant.MAX);
        assertEquals(a.id(), mirroredA.id(), "the copy keeps the source chunk's id");
        assertEquals("a1", read(reader, a));
        assertEquals("b1", read(reader, b));
        Chunk copy = reader.read(a).orElseThrow();
        assertEquals(mirroredA, copy.handle(), "what a source handle resolves to carries the mirror's own handle");

        ChunkHandle a2 = source.replace(a, bytes("a2"));
        mirror.replace(mirroredA, segment("a2"), Instant.MAX);
        assertEquals("a2", read(reader, a), "the first copy's source handle follows the replacement");
        assertEquals("a2", read(reader, a2), "and so does the newer copy's");
        mirror.replace(a2, segment("a3"), Instant.MAX);
        assertEquals("a3", read(reader, a), "the writer replaces by a source handle too");

        assertTrue(mirror.remove(b), "the writer removes by a source handle");
        assertNull(read(reader, b));
        assertEquals(ChunkStatus.REMOVED, reader.status(b));
        assertFalse(mirror.remove(b), "removed already");
    }

    @Test
    void sourceHandlesResolveWhereverCollectionsHaveMovedTheirChunks() {
        Map<ChunkHandle, String> expected = new HashMap<>(); // source's first handle -> newest text
        Map<ChunkHandle, ChunkHandle> copies = new HashMap<>(); // source's first handle -> mirror handle
        appendAll(source, "ahead", 3_000, 16, Duration.ofDays(1)); // source ids beyond the mirror's sequences
        Random random = new Random(18);
        for (int round = 0; round < 6; round++) {
            for (int i = 0; i < 200; i++) {
                List<ChunkHandle> held = new ArrayList<>(copies.keySet());
                int action = held.isEmpty() ? 0 : random.nextInt(4);
                if (action <= 1) {
                    String text = "r" + round + "-" + i;
                    ChunkHandle handle = source.write(bytes(text));
                    copies.put(handle, mirror.mirror(handle, segment(text), Instant.MAX));
                    expected.put(handle, text);
                } else if (action == 2) {
                    ChunkHandle handle = held.get(random.nextInt(held.size()));
                    String text = expected.get(handle) + "'";
                    copies.put(handle, mirror.replace(copies.get(handle), segment(text), Instant.MAX));
                    expected.put(handle, text);
                } else {
                    ChunkHandle handle = held.get(random.nextInt(held.size()));
                    assertTrue(mirror.remove(handle));
                    copies.remove(handle);
                    expected.put(handle, null);
                }
            }
            for (Map.Entry<ChunkHandle, String> e : expected.entrySet()) {
                assertEquals(e.getValue(), read(reader, e.getKey()), "round " + round + ", " + e.getKey());
            }
            mirror.collect();
            for (Map.Entry<ChunkHandle, String> e : expected.entrySet()) {
                assertEquals(e.getValue(), read(reader, e.getKey()), "after collection " + round + ", " + e.getKey());
            }
        }
        for (Map.Entry<ChunkHandle, ChunkHandle> e : copies.entrySet()) {
            // The mirror's own handles of older generations carry the source's ids, above the
            // mirror's sequence floors: they are still the mirror's.
            assertEquals(expected.get(e.getKey()), read(reader, e.getValue()), "mirror handle " + e.getValue());
        }
        assertTrue(mirror.counters().collections() >= 6);
        assertTrue(copies.keySet().stream().anyMatch(h -> h.id() > mirror.lastSequence()),
                "some ids are above every sequence number the mirror gave: " + mirror.lastSequence());
    }

    @Test
    void theWriterCollectsWhenTheIdTableIsThreeQuartersFull() {
        long slots = DataDescriptor.idTableSlotsFor(options().initialCapacity());
        long full = slots - slots / 4;
        List<ChunkHandle> handles = new ArrayList<>();
        for (long i = 0; i < full; i++) {
            ChunkHandle handle = source.write(bytes("c" + i));
            handles.add(handle);
            mirror.mirror(handle, segment("c" + i), Instant.MAX);
        }
        assertEquals(0, mirror.counters().collections(), full + " small copies fit the record space and the table");
        ChunkHandle last = source.write(bytes("last"));
        mirror.mirror(last, segment("last"), Instant.MAX);
        assertEquals(1, mirror.counters().collections(), "the table had no room for one more");
        for (int i = 0; i < handles.size(); i++) {
            assertEquals("c" + i, read(reader, handles.get(i)));
        }
        assertEquals("last", read(reader, last));
    }

    @Test
    void aCollectionSizesTheNextIdTableByTheChunksWrittenSinceTheLast() throws IOException {
        byte[] large = new byte[2 * 1024];
        List<ChunkHandle> handles = new ArrayList<>();
        for (int i = 0; i < 20; i++) { // 41 KiB, within the first generation's 64 KiB
            ChunkHandle handle = source.write(large);
            handles.add(handle);
            mirror.mirror(handle, MemorySegment.ofArray(large), clock.instant().plusSeconds(1));
        }
        long first = idTableSlots(mirrorArea, mirror.counters().generation());
        assertEquals(DataDescriptor.idTableSlotsFor(options().initialCapacity()), first,
                "the first generation's writer knew nothing of its chunks");
        clock.advance(Duration.ofSeconds(2));
        mirror.collect(); // nothing live: the head-room is the whole record space
        long capacity = mirror.stats().capacity();
        long perChunk = 40 + large.length;
        long slots = idTableSlots(mirrorArea, mirror.counters().generation());
        assertTrue(slots < first / 4 && slots >= DataDescriptor.MIN_ID_TABLE_SLOTS
                        && slots <= Math.max(DataDescriptor.MIN_ID_TABLE_SLOTS, capacity / perChunk * 3 / 2),
                slots + " slots for " + capacity + " bytes of chunks of " + perChunk + " (the first had " + first + ")");
        long collections = mirror.counters().collections();
        for (int i = 0; i < capacity / perChunk - 1; i++) {
            ChunkHandle handle = source.write(large);
            handles.add(handle);
            mirror.mirror(handle, MemorySegment.ofArray(large), Instant.MAX);
        }
        assertEquals(collections, mirror.counters().collections(), "the table had room for as many chunks as the record space");
        assertNotNull(reader.read(handles.getLast()).orElse(null));
    }

    /** {@return the id table slots in the header of generation {@code generation} of a mirror} */
    private long idTableSlots(String area, long generation) throws IOException {
        try (FileChannel channel = FileChannel.open(AreaObjects.path(backend, AreaObjects.dataObject(backend, area, generation)))) {
            ByteBuffer word = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder());
            channel.read(word, DataDescriptor.ID_TABLE_SLOTS_OFFSET);
            return word.getLong(0);
        }
    }

    @Test
    void aMirrorTakesOneLiveCopyOfAChunkAndANewOneOnceItHasExpired() {
        ChunkHandle a = source.write(bytes("a"));
        mirror.mirror(a, segment("a, short-lived"), clock.instant().plusMillis(10));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> mirror.mirror(a, segment("again"), Instant.MAX));
        assertTrue(twice.getMessage().contains("holds a live copy of chunk " + a.id()), twice.getMessage());

        clock.advance(Duration.ofMillis(20));
        assertNull(read(reader, a), "expired");
        mirror.mirror(a, segment("a, written again"), Instant.MAX);
        assertEquals("a, written again", read(reader, a));
        mirror.collect();
        assertEquals("a, written again", read(reader, a), "the collection copied the new copy, not the expired one");
        mirror.mirror(source.write(bytes("b")), segment("b"), Instant.MAX);
        assertTrue(mirror.remove(a));
        mirror.mirror(a, segment("a, after its removal"), Instant.MAX);
        assertEquals("a, after its removal", read(reader, a));
    }

    @Test
    void aMirrorHoldsNoChunksOfItsOwnAndAnAreaThatIsNoMirrorNoCopies() {
        assertThrows(IllegalStateException.class, () -> mirror.write(bytes("own")));
        assertThrows(IllegalStateException.class, () -> mirror.append(segment("own"), Instant.MAX));
        assertThrows(IllegalStateException.class, () -> mirror.claim(8, Instant.MAX));
        ChunkHandle ownCopy = mirror.mirror(source.write(bytes("a")), segment("a"), Instant.MAX);
        assertThrows(IllegalArgumentException.class, () -> mirror.mirror(ownCopy, segment("x"), Instant.MAX),
                "a mirror's own handle is no source's");

        IllegalStateException plain = assertThrows(IllegalStateException.class,
                () -> source.mirror(ownCopy, segment("x"), Instant.MAX));
        assertTrue(plain.getMessage().contains("is no mirror"), plain.getMessage());
    }

    @Test
    void aMirrorTakesTheHandlesOfItsCurrentSourceOnly() {
        Writer second = writer(newArea());
        ChunkHandle fromFirst = source.write(bytes("first"));
        ChunkHandle fromSecond = second.write(bytes("second"));
        IllegalArgumentException noSourceYet = assertThrows(IllegalArgumentException.class, () -> reader.read(fromFirst));
        assertTrue(noSourceYet.getMessage().contains("a mirror of no source yet"), noSourceYet.getMessage());

        mirror.mirror(fromFirst, segment("first"), Instant.MAX);
        assertEquals("first", read(reader, fromFirst));
        assertThrows(IllegalArgumentException.class, () -> reader.read(fromSecond), "not the source's handle");

        assertTrue(mirror.remove(fromFirst));
        mirror.mirror(fromSecond, segment("second"), Instant.MAX);
        assertEquals("second", read(reader, fromSecond));
        assertThrows(IllegalArgumentException.class, () -> reader.read(fromFirst),
                "the handles of the source it followed before no longer resolve");
    }

    @Test
    void whetherAnAreaIsAMirrorIsFixedWhenItIsCreated() {
        mirror.close();
        IllegalStateException asPlain = assertThrows(IllegalStateException.class, () -> writer(mirrorArea));
        assertTrue(asPlain.getMessage().contains("is a mirror"), asPlain.getMessage());
        String plainArea = newArea();
        writer(plainArea).close();
        IllegalStateException asMirror = assertThrows(IllegalStateException.class, () -> writer(plainArea, mirrorOptions()));
        assertTrue(asMirror.getMessage().contains("is no mirror"), asMirror.getMessage());
        writer(mirrorArea, mirrorOptions()).close(); // the refusals left both areas as they were
        writer(plainArea).close();
    }

    @Test
    void aWriterThatTakesAMirrorOverKeepsItsIdTableAndForgetsWhatItsPredecessorNeverCommitted() throws IOException {
        ChunkHandle kept = source.write(bytes("kept"));
        mirror.mirror(kept, segment("kept"), Instant.MAX);
        ChunkHandle neverCommitted = source.write(bytes("never committed"));
        mirror.close();

        // What a writer killed between filling a table slot and committing its record leaves: the
        // slot of an id, naming the committed tail.
        plantIdTableSlot(mirrorArea, neverCommitted.id());

        Writer next = writer(mirrorArea, mirrorOptions());
        assertEquals("kept", read(reader, kept), "the table was taken over");
        assertThrows(IllegalArgumentException.class, () -> next.mirror(kept, segment("again"), Instant.MAX),
                "the writer that took over knows the copies its predecessor wrote");
        ChunkHandle other = source.write(bytes("other"));
        next.mirror(other, segment("other"), Instant.MAX); // written where the slot pointed
        assertEquals("other", read(reader, other));
        assertNull(read(reader, neverCommitted), "the slot of the record never committed names nothing, not another chunk");
        next.mirror(neverCommitted, segment("now committed"), Instant.MAX);
        assertEquals("now committed", read(reader, neverCommitted));
    }

    /** Fills the id table slot of {@code id} in the current generation of a closed mirror with its committed tail. */
    private void plantIdTableSlot(String area, long id) throws IOException {
        try (FileChannel channel = FileChannel.open(AreaObjects.path(backend, AreaObjects.dataObject(backend, area, 0)),
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer header = ByteBuffer.allocate(DataDescriptor.HEADER_LENGTH).order(ByteOrder.nativeOrder());
            channel.read(header, 0);
            long n = header.getLong(DataDescriptor.INDEX_COUNT_OFFSET);
            long slots = header.getLong(DataDescriptor.ID_TABLE_SLOTS_OFFSET);
            long tail = header.getLong(DataDescriptor.COMMITTED_TAIL_OFFSET);
            assertTrue(slots >= DataDescriptor.MIN_ID_TABLE_SLOTS, "a mirror's generation has an id table: " + slots);
            for (long slot = DataDescriptor.idTableHome(id, slots); ; slot = (slot + 1) % slots) {
                long at = DataDescriptor.idTableOffset(n) + slot * DataDescriptor.ID_TABLE_SLOT_LENGTH;
                ByteBuffer entry = ByteBuffer.allocate(DataDescriptor.ID_TABLE_SLOT_LENGTH).order(ByteOrder.nativeOrder());
                channel.read(entry, at);
                if (entry.getLong(0) == 0) {
                    entry.clear();
                    entry.putLong(id).putLong(tail).flip();
                    channel.write(entry, at);
                    return;
                }
            }
        }
    }
}
