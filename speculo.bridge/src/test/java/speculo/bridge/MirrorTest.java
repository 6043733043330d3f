package speculo.bridge;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import speculo.api.Backend;
import speculo.api.ChunkHandle;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;
import speculo.api.internal.HandleParts;

/** The receiver's bookkeeping of the mirror, on a real area with a clock of the test's. */
class MirrorTest {

    private final Backend backend = Speculo.backend("file");
    private final String area = "mirror-test-" + ProcessHandle.current().pid();
    /** The tag of the source area the chunks come from. */
    private static final int SOURCE_TAG = 0x5eed0001;
    private long now = 1_000_000;
    private final InstantSource clock = () -> Instant.ofEpochMilli(now);

    @AfterEach
    void remove() {
        backend.remove(area);
    }

    @Test
    void expiredCopiesAreForgottenSoAStreamWithATimeToLiveDoesNotGrowTheBookkeeping() {
        try (Writer writer = backend.writer(area, WriterOptions.defaults().withClock(clock).asMirror())) {
            Mirror mirror = new Mirror(writer, List.of());
            mirror.begin(7);
            mirror.snapshotEnd();
            for (long sequence = 1; sequence <= 1_000; sequence++) {
                mirror.chunk(SOURCE_TAG, sequence, sequence, now + 100 + sequence % 10, MemorySegment.ofArray(new byte[8]));
            }
            mirror.chunk(SOURCE_TAG, 1_001, 1_001, Long.MAX_VALUE, MemorySegment.ofArray(new byte[8])); // a block: never expires
            assertEquals(1_001, mirror.held());
            now += 105;
            int forgotten = mirror.expire(now);
            assertTrue(forgotten > 0 && forgotten < 1_000, "those due by now: " + forgotten);
            now += 10;
            mirror.expire(now);
            assertEquals(1, mirror.held(), "only the block");
            assertNotNull(mirror.handleOf(1_001));
        }
    }

    @Test
    void aSourceAreaMadeAgainIsMirroredAfreshAndItsHandlesResolve() {
        int madeAgain = SOURCE_TAG + 1; // a new tag; its ids and sequences start again
        try (Writer writer = backend.writer(area, WriterOptions.defaults().withClock(clock).asMirror());
             Reader reader = backend.reader(area, ReaderOptions.defaults().withClock(clock))) {
            Mirror mirror = new Mirror(writer, List.of());
            mirror.begin(7);
            mirror.chunk(SOURCE_TAG, 1, 1, Long.MAX_VALUE, MemorySegment.ofArray("first area's".getBytes()));
            mirror.snapshotEnd();
            assertEquals("first area's", text(reader, sourceHandle(SOURCE_TAG, 1)));

            mirror.begin(8);
            mirror.chunk(madeAgain, 1, 1, Long.MAX_VALUE, MemorySegment.ofArray("second area's".getBytes()));
            mirror.snapshotEnd();
            assertEquals("second area's", text(reader, sourceHandle(madeAgain, 1)),
                    "the same id and sequence, of another area: written again, not taken for the copy held");
            assertThrows(IllegalArgumentException.class, () -> reader.read(sourceHandle(SOURCE_TAG, 1)),
                    "the first area's handles no longer resolve");
            assertEquals(1, mirror.held());
        }
    }

    private static ChunkHandle sourceHandle(int tag, long id) {
        return HandleParts.access().of(tag, 0, 0, id);
    }

    private static String text(Reader reader, ChunkHandle handle) {
        return reader.read(handle).map(chunk -> new String(chunk.toByteArray())).orElse(null);
    }

    @Test
    void aReplacementKeepsItsChunkWhenTheOlderCopysExpiryPasses() {
        try (Writer writer = backend.writer(area, WriterOptions.defaults().withClock(clock).asMirror())) {
            Mirror mirror = new Mirror(writer, List.of());
            mirror.begin(7);
            mirror.chunk(SOURCE_TAG, 1, 1, now + 10, MemorySegment.ofArray("v1".getBytes()));
            mirror.chunk(SOURCE_TAG, 2, 1, Long.MAX_VALUE, MemorySegment.ofArray("v2".getBytes()));
            mirror.snapshotEnd();
            now += 20;
            assertEquals(0, mirror.expire(now), "the due copy was replaced: its chunk is the newer copy's");
            ChunkHandle held = mirror.handleOf(1);
            try (Reader reader = backend.reader(area, ReaderOptions.defaults().withClock(clock))) {
                assertEquals("v2", new String(reader.read(held).orElseThrow().toByteArray()));
            }
            mirror.removal(1);
            assertEquals(0, mirror.held());
            try (Reader reader = backend.reader(area, ReaderOptions.defaults().withClock(clock))) {
                assertTrue(reader.read(held).isEmpty(), "removed on the mirror");
            }
        }
    }
}
