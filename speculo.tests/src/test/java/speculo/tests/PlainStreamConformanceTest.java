package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.Backend;
import speculo.api.ChunkHandle;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * A collection copies the plain stream at the tail of a generation without reading its records:
 * from the first live record after which nothing was removed or replaced and no expiry is earlier
 * than the one before, every record is live, and the writer's own log has their offsets and
 * expiries (DECISIONS 34). What it copied so is in its {@code speculo.Collection} event,
 * {@code bytesCopiedUnread}; readers see the same chunks either way.
 */
@ParameterizedClass
@MethodSource("speculo.tests.Backends#all")
class PlainStreamConformanceTest extends ConformanceBase {

    private static final Duration TTL = Duration.ofMillis(100);
    private static final int CHUNK = 1000;
    /** Header (40 bytes) and data of one chunk of {@value #CHUNK} bytes. */
    private static final long RECORD = 1040;
    /** The records the writer's log holds at first ({@code RecordLog.INITIAL_ENTRIES}). */
    private static final int LOG_ENTRIES = 4096;

    PlainStreamConformanceTest(Backend backend) {
        super(backend);
    }

    @Override
    protected WriterOptions options() {
        return super.options().withInitialCapacity(1 << 20); // no collection until the test asks
    }

    @Test
    void theLiveTailOfAConstantTimeToLiveStreamIsCopiedUnread() {
        String area = newArea();
        Writer writer = writer(area);
        appendAll(writer, "old", 200, CHUNK, TTL);
        clock.advance(Duration.ofMillis(50));
        appendAll(writer, "young", 20, CHUNK, TTL);
        clock.advance(Duration.ofMillis(60));

        assertCopied(CollectionEvents.collect(writer), 20, 20);
        assertEquals(numbered("young", 20), names(area));

        // The collection logged what it copied: the next one copies those unread too.
        appendAll(writer, "new", 5, CHUNK, TTL);
        assertCopied(CollectionEvents.collect(writer), 25, 25);
        assertEquals(concat(numbered("young", 20), numbered("new", 5)), names(area));
    }

    @Test
    void aRemovalStartsTheUnreadPartAfterItsNotice() {
        String area = newArea();
        Writer writer = writer(area);
        List<ChunkHandle> young = writeAll(writer, "young", 20);
        writer.remove(young.get(9)); // its notice, at the tail, is no live record: the plain stream starts after it
        appendAll(writer, "after", 3, CHUNK, TTL);

        assertCopied(CollectionEvents.collect(writer), 22, 3);
        List<String> expected = new ArrayList<>(numbered("young", 20));
        expected.remove("young9");
        expected.addAll(numbered("after", 3));
        assertEquals(expected, names(area));
    }

    @Test
    void aReplacementStartsTheUnreadPartAfterItsNewCopy() {
        String area = newArea();
        Writer writer = writer(area);
        List<ChunkHandle> young = writeAll(writer, "young", 20);
        writer.replace(young.get(5), padded("young5, replaced", CHUNK));
        appendAll(writer, "after", 3, CHUNK, TTL);

        assertCopied(CollectionEvents.collect(writer), 23, 3);
        List<String> expected = new ArrayList<>(numbered("young", 20));
        expected.remove("young5");
        expected.add("young5, replaced");
        expected.addAll(numbered("after", 3));
        assertEquals(expected, names(area));
    }

    @Test
    void anEarlierExpiryThanTheOneBeforeStartsTheUnreadPartAtItsChunk() {
        String area = newArea();
        Writer writer = writer(area);
        appendAll(writer, "first", 10, CHUNK, TTL);
        appendAll(writer, "sooner", 1, CHUNK, TTL.minusMillis(20)); // expires before the chunks before it
        appendAll(writer, "later", 10, CHUNK, TTL);
        clock.advance(Duration.ofMillis(20));

        assertCopied(CollectionEvents.collect(writer), 21, 11);
        assertEquals(concat(concat(numbered("first", 10), numbered("sooner", 1)), numbered("later", 10)), names(area));
    }

    @Test
    void aStreamLongerThanTheLogIsCopiedUnreadFromWhereTheLogStartsThenWhole() {
        String area = newArea();
        Writer writer = writer(area);
        int records = LOG_ENTRIES + 900;
        for (int i = 0; i < records; i++) {
            writer.append(MemorySegment.ofArray(new byte[8])); // 48-byte records that never expire
        }
        long bytes = 48L * records;

        RecordedEvent first = CollectionEvents.collect(writer);
        assertEquals(bytes, first.getLong("bytesCopied"));
        assertEquals(48L * LOG_ENTRIES, first.getLong("bytesCopiedUnread"), "the log held the last " + LOG_ENTRIES);
        RecordedEvent second = CollectionEvents.collect(writer);
        assertEquals(bytes, second.getLong("bytesCopiedUnread"), "the first collection asked for a log twice as long");
        assertEquals(records, drain(reader(area)).size());
    }

    @Test
    void aWriterThatTakesOverAnAreaReadsTheRecordsItFoundOnce() {
        String area = newArea();
        Writer first = writer(area);
        appendAll(first, "found", 20, CHUNK, TTL);
        first.close();

        Writer second = writer(area);
        assertCopied(CollectionEvents.collect(second), 20, 0);
        appendAll(second, "own", 5, CHUNK, TTL);
        assertCopied(CollectionEvents.collect(second), 25, 25);
        assertEquals(concat(numbered("found", 20), numbered("own", 5)), names(area));
    }

    /** Asserts that a collection copied {@code records} records of {@value #CHUNK} bytes, the last {@code unread} of them unread. */
    private static void assertCopied(RecordedEvent collection, int records, int unread) {
        assertEquals(records * RECORD, collection.getLong("bytesCopied"), "bytes copied");
        assertEquals(unread * RECORD, collection.getLong("bytesCopiedUnread"), "bytes copied unread");
    }

    private List<ChunkHandle> writeAll(Writer writer, String prefix, int count) {
        List<ChunkHandle> handles = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            handles.add(writer.write(padded(prefix + i, CHUNK), clock.instant().plus(TTL)));
        }
        return handles;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }
}
