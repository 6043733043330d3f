package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.Backend;
import speculo.api.ChunkHandle;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * A collection does not read the expired records at the start of a generation, whatever the mix
 * of times to live: it reads from the first record that may still be live, except those that
 * never expire, which it looks at one by one. What it skipped is in its
 * {@code speculo.Collection} event, {@code expiredBytesSkipped}.
 */
@ParameterizedClass
@MethodSource("speculo.tests.Backends#all")
class ExpiredPrefixConformanceTest extends ConformanceBase {

    private static final Duration TTL = Duration.ofMillis(100);
    private static final int CHUNK = 1000;
    private static final int OLD = 200;

    ExpiredPrefixConformanceTest(Backend backend) {
        super(backend);
    }

    @Override
    protected WriterOptions options() {
        return super.options().withInitialCapacity(1 << 20); // no collection until the test asks
    }

    @Test
    void aConstantTimeToLiveStreamIsCollectedWithoutReadingItsExpiredStart() {
        String area = newArea();
        Writer writer = writer(area);
        appendAll(writer, "old", OLD, CHUNK, TTL);
        long oldBytes = writer.stats().used();
        clock.advance(Duration.ofMillis(50));
        appendAll(writer, "young", 20, CHUNK, TTL);
        long youngBytes = writer.stats().used() - oldBytes;
        clock.advance(Duration.ofMillis(60)); // the old ones expired, the young ones live 40 ms more

        assertSkippedAllButTheLastRecords(skippedByCollection(writer), oldBytes, OLD);
        assertEquals(numbered("young", 20), names(area));

        // The young ones were copied to the start of the new generation; now they expire in turn.
        clock.advance(Duration.ofMillis(50));
        appendAll(writer, "new", 5, CHUNK, TTL);
        assertSkippedAllButTheLastRecords(skippedByCollection(writer), youngBytes, 20);
        assertEquals(numbered("new", 5), names(area));
    }

    @Test
    void aLongerTimeToLiveInBetweenHoldsTheSkipBackAtItsChunk() {
        String area = newArea();
        Writer writer = writer(area);
        appendAll(writer, "early", OLD, CHUNK, TTL);
        long earlyBytes = writer.stats().used();
        writer.append(MemorySegment.ofArray(bytes("keeper")), Duration.ofHours(1)); // expires after all that follow
        appendAll(writer, "old", OLD, CHUNK, TTL);
        clock.advance(Duration.ofMillis(110));

        assertSkippedAllButTheLastRecords(skippedByCollection(writer), earlyBytes, OLD);
        assertEquals(List.of("keeper"), names(area), "the skip stopped before the keeper, still live, and kept it");
    }

    @Test
    void aTimeToLiveThatShortensIsSkippedToo() {
        String area = newArea();
        Writer writer = writer(area);
        appendAll(writer, "long", OLD, CHUNK, TTL.multipliedBy(2));
        appendAll(writer, "short", OLD, CHUNK, TTL.dividedBy(2)); // each expires before every "long" one
        long expiredBytes = writer.stats().used();
        clock.advance(Duration.ofMillis(150));
        appendAll(writer, "young", 20, CHUNK, TTL);
        clock.advance(Duration.ofMillis(60)); // all "long" and "short" ones expired; the young ones live

        assertSkippedAllButTheLastRecords(skippedByCollection(writer), expiredBytes, 2 * OLD);
        assertEquals(numbered("young", 20), names(area));
    }

    @Test
    void chunksThatNeverExpireAreKeptAsideWhileTheExpiredStartIsSkipped() {
        String area = newArea();
        Writer writer = writer(area);
        ChunkHandle block = writer.write(bytes("block")); // shared blocks next to a stream: they never expire
        appendAll(writer, "old", OLD / 2, CHUNK, TTL);
        writer.append(MemorySegment.ofArray(bytes("setting")));
        appendAll(writer, "older", OLD / 2, CHUNK, TTL);
        long expiredBytes = writer.stats().used();
        writer.replace(block, bytes("block, replaced"));
        clock.advance(Duration.ofMillis(50));
        appendAll(writer, "young", 20, CHUNK, TTL);
        clock.advance(Duration.ofMillis(60));

        assertSkippedAllButTheLastRecords(skippedByCollection(writer), expiredBytes, OLD + 2);
        List<String> expected = new ArrayList<>(List.of("setting", "block, replaced"));
        expected.addAll(numbered("young", 20));
        assertEquals(expected, names(area), "kept in sequence order; the replaced block's older copy is gone");
    }

    @Test
    void aWriterThatTakesOverAnAreaSkipsItsExpiredStartToo() {
        String area = newArea();
        Writer first = writer(area);
        appendAll(first, "old", OLD, CHUNK, TTL);
        long oldBytes = first.stats().used();
        clock.advance(Duration.ofMillis(50));
        appendAll(first, "young", 3, CHUNK, TTL);
        first.close();
        clock.advance(Duration.ofMillis(60));

        Writer second = writer(area);
        assertSkippedAllButTheLastRecords(skippedByCollection(second), oldBytes, OLD);
        assertEquals(numbered("young", 3), names(area));
    }

    /**
     * Asserts that a collection skipped the first {@code records} records, {@code expiredBytes}
     * long, all but the last one or two: it starts at the last checkpoint (one per KiB here) that
     * has expired, which is itself expired and read.
     */
    private static void assertSkippedAllButTheLastRecords(long skipped, long expiredBytes, int records) {
        assertTrue(skipped > expiredBytes - 2 * expiredBytes / records && skipped < expiredBytes,
                "skipped " + skipped + " of " + expiredBytes + " expired bytes");
    }

    /** Runs one collection; {@return the bytes its event says it skipped} */
    private static long skippedByCollection(Writer writer) {
        return CollectionEvents.collect(writer).getLong("expiredBytesSkipped");
    }
}
