package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.AreaNotFoundException;
import speculo.api.Backend;
import speculo.api.ChunkHandle;
import speculo.api.Claim;
import speculo.api.ControlledChunkHandler.Action;
import speculo.api.IdleStrategy;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.StartPosition;
import speculo.api.Writer;
import speculo.api.WriterCounters;
import speculo.core.layout.RecordDescriptor;

/**
 * What a reader can be told: where to start, when to stop a poll, how to wait, and whether to wait
 * for its area.
 */
@ParameterizedClass
@MethodSource("speculo.tests.Backends#all")
class ReaderControlConformanceTest extends ConformanceBase {

    ReaderControlConformanceTest(Backend backend) {
        super(backend);
    }

    private Reader reader(String area, ReaderOptions options) {
        return track(backend.reader(area, options.withClock(clock)));
    }

    @Test
    void aReaderAtTheEndSeesOnlyWhatIsPublishedAfterItOpened() {
        String area = newArea();
        Writer writer = writer(area);
        writer.write(bytes("old, lives"));
        writer.write(bytes("old, expires"), Duration.ofMillis(5));
        writer.replace(writer.write(bytes("old, replaced")), bytes("old, its newer copy"));
        clock.advance(Duration.ofMillis(10));
        Reader atEnd = reader(area, ReaderOptions.defaults().withStart(StartPosition.END));
        Reader atOldest = reader(area);
        assertEquals(List.of(), drain(atEnd));
        assertEquals(0, atEnd.skipped(), "what came before its start is not skipped, it is not its stream");
        writer.write(bytes("new"));
        assertEquals(List.of("new"), drain(atEnd));
        assertEquals(List.of("old, lives", "old, its newer copy", "new"), drain(atOldest));
        assertEquals(2, atOldest.skipped(), "the reader at the oldest chunk walked past the expired and the replaced one");

        writer.collect();
        writer.write(bytes("after a collection"));
        assertEquals(List.of("after a collection"), drain(atEnd));
        assertEquals(0, atEnd.skipped());
    }

    @Test
    void aReaderAtTheEndOfAnEmptyAreaSeesEverything() {
        String area = newArea();
        Writer writer = writer(area);
        Reader atEnd = reader(area, ReaderOptions.defaults().withStart(StartPosition.END));
        writer.write(bytes("first"));
        assertEquals(List.of("first"), drain(atEnd));
    }

    @Test
    void aControlledPollStopsWhereTheHandlerSays() {
        String area = newArea();
        Writer writer = writer(area);
        Reader reader = reader(area);
        for (String name : List.of("a", "b", "c", "d", "e")) {
            writer.write(bytes(name));
        }
        List<String> seen = new ArrayList<>();
        assertEquals(2, reader.controlledPoll(chunk -> {
            seen.add(text(chunk));
            return text(chunk).equals("b") ? Action.BREAK : Action.CONTINUE;
        }, 10), "b is consumed, then the poll ends");
        assertEquals(List.of("a", "b"), seen);

        assertEquals(0, reader.controlledPoll(chunk -> {
            seen.add(text(chunk));
            return Action.ABORT;
        }, 10), "an aborted chunk is not consumed");
        assertEquals(List.of("a", "b", "c"), seen);

        assertEquals(2, reader.controlledPoll(chunk -> {
            seen.add(text(chunk));
            return Action.CONTINUE;
        }, 2), "the aborted chunk comes again, then the limit ends the poll");
        assertEquals(List.of("a", "b", "c", "c", "d"), seen);
        assertEquals(List.of("e"), drain(reader));
        assertThrows(IllegalArgumentException.class, () -> reader.controlledPoll(chunk -> Action.CONTINUE, 0));
    }

    @Test
    void anAbortAfterSkippedChunksCountsThemOnce() {
        String area = newArea();
        Writer writer = writer(area);
        Reader reader = reader(area);
        writer.write(bytes("expires"), Duration.ofMillis(5));
        writer.write(bytes("also expires"), Duration.ofMillis(5));
        writer.write(bytes("lives"));
        clock.advance(Duration.ofMillis(10));
        AtomicInteger handed = new AtomicInteger();
        assertEquals(0, reader.controlledPoll(chunk -> {
            handed.incrementAndGet();
            return Action.ABORT;
        }, 10));
        assertEquals(List.of("lives"), drain(reader));
        assertEquals(1, handed.get());
        assertEquals(2, reader.skipped(), "walked past twice, counted once");
    }

    @Test
    void aHandlerThatReturnsNoActionIsAnError() {
        String area = newArea();
        writer(area).write(bytes("x"));
        Reader reader = reader(area);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> reader.controlledPoll(chunk -> null, 1));
        assertTrue(e.getMessage().contains(area), e.getMessage());
    }

    @Test
    void nextWithATimeoutWaitsAsTheIdleStrategySays() {
        String area = newArea();
        writer(area);
        AtomicInteger resets = new AtomicInteger();
        AtomicInteger idles = new AtomicInteger();
        IdleStrategy counting = new IdleStrategy() {
            @Override
            public void idle(long maxNanos) {
                assertTrue(maxNanos > 0 && maxNanos <= TimeUnit.MILLISECONDS.toNanos(50), "bounded by the timeout: " + maxNanos);
                idles.incrementAndGet();
                java.util.concurrent.locks.LockSupport.parkNanos(Math.min(maxNanos, 1_000_000));
            }

            @Override
            public void reset() {
                resets.incrementAndGet();
            }
        };
        Reader reader = reader(area, ReaderOptions.defaults().withIdleStrategy(() -> counting));
        long started = System.nanoTime();
        assertTrue(reader.next(Duration.ofMillis(50)).isEmpty());
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(50), "waited out the timeout");
        assertEquals(1, resets.get(), "one wait");
        assertTrue(idles.get() >= 10, "idled between looks: " + idles.get());
        assertFalse(reader.isEndOfStream(), "empty here means the timeout, not the end");
    }

    @Test
    void theBuiltInIdleStrategiesWaitAndCheckTheirArguments() {
        String area = newArea();
        writer(area);
        for (IdleStrategy strategy : List.of(IdleStrategy.busySpin(), IdleStrategy.yielding(), IdleStrategy.backoff(),
                IdleStrategy.backoff(0, 0, Duration.ofNanos(1), Duration.ofMillis(1)))) {
            Reader reader = reader(area, ReaderOptions.defaults().withIdleStrategy(() -> strategy));
            long started = System.nanoTime();
            assertTrue(reader.next(Duration.ofMillis(20)).isEmpty(), strategy.toString());
            long waited = System.nanoTime() - started;
            assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(20) && waited < TimeUnit.SECONDS.toNanos(5),
                    strategy + " waited " + waited + " ns");
        }
        assertThrows(IllegalArgumentException.class, () -> IdleStrategy.backoff(-1, 0, Duration.ofNanos(1), Duration.ofNanos(1)));
        assertThrows(IllegalArgumentException.class, () -> IdleStrategy.backoff(1, 1, Duration.ZERO, Duration.ofNanos(1)));
        assertThrows(IllegalArgumentException.class, () -> IdleStrategy.backoff(1, 1, Duration.ofMillis(2), Duration.ofMillis(1)));
        assertThrows(NullPointerException.class, () -> ReaderOptions.defaults().withIdleStrategy(() -> null).newIdleStrategy());
    }

    @Test
    void aReaderMayWaitForItsAreaToAppear() throws Exception {
        String area = newArea();
        assertThrows(AreaNotFoundException.class, () -> reader(area), "no wait by default");
        ReaderOptions waiting = ReaderOptions.defaults().withAreaWait(Duration.ofSeconds(30));
        CompletableFuture<Reader> opening = CompletableFuture.supplyAsync(() -> reader(area, waiting));
        Thread.sleep(200);
        assertFalse(opening.isDone(), "still waiting for the area");
        writer(area).write(bytes("hello"));
        Reader reader = opening.get(30, TimeUnit.SECONDS);
        assertEquals(List.of("hello"), drain(reader));
    }

    @Test
    void aWaitForAnAreaThatNeverComesEndsAtItsLimit() {
        String area = newArea();
        long started = System.nanoTime();
        AreaNotFoundException e = assertThrows(AreaNotFoundException.class,
                () -> reader(area, ReaderOptions.defaults().withAreaWait(Duration.ofMillis(100))));
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(100));
        assertTrue(e.getMessage().contains(area), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReaderOptions.defaults().withAreaWait(Duration.ofMillis(-1)));
    }

    @Test
    void aReaderSaysHowManyBytesOfRecordsItIsBehind() {
        String area = newArea();
        Writer writer = writer(area);
        Reader reader = reader(area);
        assertEquals(0, reader.bytesBehind());
        writer.write(new byte[10]);
        writer.write(new byte[100]);
        long both = RecordDescriptor.recordLength(10) + RecordDescriptor.recordLength(100);
        assertEquals(both, reader.bytesBehind(), "headers and padding included");
        reader.next().orElseThrow();
        assertEquals(RecordDescriptor.recordLength(100), reader.bytesBehind());
        reader.next().orElseThrow();
        assertEquals(0, reader.bytesBehind());
        writer.write(new byte[1]);
        writer.collect();
        assertEquals(RecordDescriptor.recordLength(1), reader.bytesBehind(),
                "what is left of the generation it maps: asking does not move it to the new one");
        long generation = reader.generation();
        assertEquals(List.of(new String(new byte[1])), drain(reader));
        assertTrue(reader.generation() > generation);
        assertEquals(0, reader.bytesBehind());
        reader.close();
        assertThrows(IllegalStateException.class, reader::bytesBehind);
    }

    @Test
    void aWritersCountersAreItsRunningTotals() {
        String area = newArea();
        Writer writer = writer(area);
        assertEquals(new WriterCounters(0, 0, 0, 0, 0, writer.stats().generation()), writer.counters());
        ChunkHandle block = writer.write(new byte[10]);
        writer.append(new byte[20]);
        writer.replace(block, new byte[30]);
        try (Claim claim = writer.claim(40)) {
            claim.commit();
        }
        writer.claim(50).abort();
        writer.remove(block);
        writer.collect();
        WriterCounters counters = writer.counters();
        assertEquals(new WriterCounters(4, 100, 1, 1, 5, writer.stats().generation()), counters,
                "an aborted claim publishes nothing; a removal publishes a notice, which is no chunk");
        writer.close();
        assertEquals(counters, writer.counters(), "readable after close");
        Writer next = writer(area);
        assertEquals(0, next.counters().chunksWritten(), "a writer counts its own chunks");
        assertEquals(5, next.counters().lastSequence(), "the area's sequence goes on");
    }
}
