package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.Backend;
import speculo.api.Chunk;
import speculo.api.ChunkHandle;
import speculo.api.ChunkStatus;
import speculo.api.ControlledChunkHandler;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Writer;
import speculo.core.inspect.AreaInspection;
import speculo.core.inspect.Inspector;
import speculo.core.StoreBackend;

/**
 * Removals in the stream: a removal is a notice record, handed over in order to readers that ask
 * for notices ({@link ReaderOptions#withRemovals}) and invisible to the others, who count neither
 * it nor a removed chunk they never saw twice.
 */
@ParameterizedClass
@MethodSource("speculo.tests.Backends#all")
class RemovalNoticeConformanceTest extends ConformanceBase {

    RemovalNoticeConformanceTest(Backend backend) {
        super(backend);
    }

    private Reader noticeReader(String area) {
        return track(backend.reader(area, ReaderOptions.defaults().withClock(clock).withRemovals(true)));
    }

    /** {@return the stream as text: a chunk's text, or "-id" for a removal notice} */
    private static List<String> events(Reader reader) {
        List<String> events = new ArrayList<>();
        while (reader.poll(chunk -> events.add(describe(chunk)), 3) > 0) {
            // drain
        }
        return events;
    }

    private static String describe(Chunk chunk) {
        return chunk.isRemoval() ? "-" + chunk.id() : text(chunk);
    }

    @Test
    void aReaderThatAsksSeesEachRemovalInStreamOrder() {
        String area = newArea();
        Writer writer = writer(area);
        Reader notices = noticeReader(area);
        Reader late = noticeReader(area);
        List<String> seen = new ArrayList<>();
        ChunkHandle a = writer.write(bytes("a"));
        ChunkHandle b = writer.write(bytes("b"));
        seen.addAll(events(notices));
        assertTrue(writer.remove(a));
        writer.write(bytes("c"));
        writer.replace(b, bytes("b2"));
        seen.addAll(events(notices));
        assertTrue(writer.remove(b), "removing through the first copy's handle removes the newest copy");
        seen.addAll(events(notices));

        assertEquals(List.of("a", "b", "-" + a.id(), "c", "b2", "-" + b.id()), seen);
        assertEquals(0, notices.skipped());
        assertEquals(List.of("-" + a.id(), "c", "-" + b.id()), events(late),
                "a reader that comes late sees the notices of chunks it never saw: it cannot know");
        assertEquals(3, late.skipped(), "a, b and b2, each removed or replaced before it got to them");
    }

    @Test
    void aNoticeIsAnEmptyRecordOfTheRemovedChunkAtTheTimeOfTheRemoval() {
        String area = newArea();
        Writer writer = writer(area);
        ChunkHandle gone = writer.write(bytes("gone"), Duration.ofHours(1));
        long before = writer.lastSequence();
        clock.advance(Duration.ofSeconds(3));
        long removedAt = clock.millis();
        writer.remove(gone);
        assertEquals(before + 1, writer.lastSequence(), "a notice takes the next sequence number");

        Reader again = noticeReader(area);
        Chunk notice = again.next().orElseThrow(); // the removed chunk's copy is passed over
        assertTrue(notice.isRemoval());
        assertEquals(gone.id(), notice.id());
        assertEquals(before + 1, notice.sequence());
        assertEquals(0, notice.size());
        assertEquals(0, notice.data().byteSize());
        assertEquals(removedAt, notice.expiresAtMillis(), "a notice's expiry is when the removal happened");
        assertEquals(ChunkStatus.REMOVED, again.status(notice.handle()));
        assertEquals(Optional.empty(), again.read(notice.handle()));
        assertEquals(Optional.empty(), again.next());
        assertEquals(1, again.skipped(), "the removed chunk, passed over");
        assertTrue(notice.toString().startsWith("Removal["), notice.toString());
    }

    @Test
    void aReaderThatDoesNotAskNeverSeesNoticesNorCountsThem() {
        String area = newArea();
        Writer writer = writer(area);
        Reader early = reader(area);
        ChunkHandle seen = writer.write(bytes("seen"));
        assertEquals(List.of("seen"), drain(early));
        writer.remove(seen);
        ChunkHandle unseen = writer.write(bytes("unseen"));
        writer.remove(unseen);
        writer.write(bytes("last"));
        Reader late = reader(area);

        assertEquals(List.of("last"), drain(early));
        assertEquals(1, early.skipped(), "only the removed chunk it never saw");
        assertEquals(List.of("last"), drain(late));
        assertEquals(2, late.skipped(), "both removed chunks; no notice");
        Reader end = backend.reader(area, ReaderOptions.defaults().withClock(clock).withStart(speculo.api.StartPosition.END));
        track(end);
        writer.remove(writer.write(bytes("x")));
        assertEquals(List.of(), drain(end));
        assertEquals(1, end.skipped());
    }

    @Test
    void noticesAreHandedOverWhateverTheReadersClockSays() {
        String area = newArea();
        Writer writer = writer(area);
        Reader notices = noticeReader(area);
        ChunkHandle chunk = writer.write(bytes("short"), Duration.ofMillis(50));
        writer.remove(chunk);
        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of("-" + chunk.id()), events(notices), "the chunk expired; its removal is still news");
        assertEquals(1, notices.skipped());
    }

    @Test
    void aCollectionDropsNoticesAndOnlyAReaderOfNoticesCountsAMissedOne() {
        String area = newArea();
        Writer writer = writer(area);
        Reader notices = noticeReader(area);
        Reader chunks = reader(area);
        ChunkHandle kept = writer.write(bytes("kept"));
        ChunkHandle gone = writer.write(bytes("gone"));
        assertEquals(List.of("kept", "gone"), events(notices));
        assertEquals(List.of("kept", "gone"), drain(chunks));
        writer.remove(gone);
        ChunkHandle unseen = writer.write(bytes("unseen"));
        writer.remove(unseen);
        writer.collect();

        assertEquals(List.of(), events(notices), "the notices were dropped before the reader got to them");
        assertEquals(3, notices.skipped(), "two missed notices and the chunk it never saw");
        assertEquals(List.of(), drain(chunks));
        assertEquals(1, chunks.skipped(), "the chunk it never saw; notices are none of its business");
        assertEquals(ChunkStatus.GONE, notices.status(gone));
        Reader fresh = noticeReader(area);
        assertEquals(List.of("kept"), events(fresh), "a new generation holds no notice");
        assertEquals(ChunkStatus.LIVE, fresh.status(kept));
    }

    @Test
    void theCountOfDroppedNoticesHoldsAcrossWritersAndCollections() {
        String area = newArea();
        Writer first = writer(area);
        Reader chunks = reader(area);
        Reader notices = noticeReader(area);
        first.remove(first.write(bytes("a")));
        first.write(bytes("b"));
        first.collect();
        first.remove(first.write(bytes("c")));
        first.close();
        Writer second = writer(area); // takes the area over: counts the notice of c in the generation it finds
        second.remove(second.write(bytes("d")));
        second.collect();
        second.remove(second.write(bytes("e")));
        second.collect();

        assertEquals(List.of("b"), drain(chunks));
        assertEquals(4, chunks.skipped(), "a, c, d and e; none of their four notices");
        assertEquals(List.of("b"), events(notices));
        assertEquals(8, notices.skipped(), "four chunks and their four notices, all dropped before it looked");
        Reader late = reader(area);
        assertEquals(List.of("b"), drain(late));
        assertEquals(0, late.skipped(), "everything dropped before it opened");
    }

    @Test
    void removingFromAFullAreaAlwaysFindsRoomForTheNotices() {
        String area = newArea();
        Writer writer = writer(area, options().withInitialCapacity(64 * 1024).withMaxCapacity(64 * 1024));
        Reader notices = noticeReader(area);
        Reader chunks = reader(area);
        List<ChunkHandle> written = new ArrayList<>();
        try {
            while (true) {
                written.add(writer.write(new byte[1000]));
            }
        } catch (speculo.api.AreaFullException full) {
            // full at its maximum capacity
        }
        assertTrue(written.size() > 50, "filled with " + written.size());
        List<String> expected = new ArrayList<>();
        List<String> seen = new ArrayList<>(events(notices));
        for (ChunkHandle handle : written) {
            assertTrue(writer.remove(handle), "room for the notice, by a collection that drops the chunk if need be");
            expected.add("-" + handle.id());
            seen.addAll(events(notices)); // read before the next removal, whose collection would drop it
        }
        assertTrue(writer.stats().gcCount() > 0, "the room kept for notices ran out: a collection made more");
        assertEquals(0, writer.stats().liveChunks());
        assertEquals(expected, seen.stream().filter(e -> e.startsWith("-")).toList(), "every removal, in order");
        assertEquals(0, notices.skipped(), "it missed no notice and no chunk");
        assertEquals(List.of(), drain(chunks));
        assertEquals(written.size(), chunks.skipped(), "every chunk, and no notice");
    }

    @Test
    void aChunkThatFillsTheAreaToItsMaximumCanBeRemoved() {
        String area = newArea();
        int max = 64 * 1024;
        Writer writer = writer(area, options().withInitialCapacity(max).withMaxCapacity(max));
        Reader notices = noticeReader(area);
        ChunkHandle whole = writer.write(new byte[max - 40]); // its record is all the record space there is
        assertEquals(1, events(notices).size());
        assertTrue(writer.remove(whole), "the collection that makes room for the notice drops the chunk");
        assertEquals(List.of("-" + whole.id()), events(notices));
        assertEquals(ChunkStatus.GONE, notices.status(whole));
        assertEquals(0, writer.stats().liveChunks());
    }

    @Test
    void controlledPollAndNextHandNoticesOverLikeChunks() {
        String area = newArea();
        Writer writer = writer(area);
        ChunkHandle chunk = writer.write(bytes("one"));
        writer.remove(chunk);
        writer.write(bytes("two"));
        Reader controlled = noticeReader(area);
        List<String> seen = new ArrayList<>();
        int[] calls = {0};
        controlled.controlledPoll(c -> {
            if (calls[0]++ == 0 && c.isRemoval()) {
                return ControlledChunkHandler.Action.ABORT;
            }
            seen.add(describe(c));
            return ControlledChunkHandler.Action.CONTINUE;
        }, 10);
        assertEquals(List.of(), seen);
        controlled.controlledPoll(c -> {
            seen.add(describe(c));
            return ControlledChunkHandler.Action.CONTINUE;
        }, 10);
        assertEquals(List.of("-" + chunk.id(), "two"), seen, "an aborted notice comes again");
        assertEquals(1, controlled.skipped(), "the removed chunk, counted once");
        Reader next = noticeReader(area);
        assertTrue(next.next().orElseThrow().isRemoval());
        assertEquals("two", text(next.next().orElseThrow()));
    }

    @Test
    void theInspectorCountsARemovalOnceAsRemovedNotAsReplaced() {
        String area = newArea();
        Writer writer = writer(area);
        ChunkHandle a = writer.write(bytes("a"));
        ChunkHandle b = writer.write(bytes("b"));
        writer.replace(b, bytes("b2"));
        writer.remove(a);
        AreaInspection inspection = Inspector.inspect(((StoreBackend) backend).store(), area, clock);
        assertEquals(1, inspection.removedChunks());
        assertEquals(1, inspection.replacedChunks());
        assertEquals(1, inspection.liveChunks());
        assertEquals(4, inspection.records());
    }
}
