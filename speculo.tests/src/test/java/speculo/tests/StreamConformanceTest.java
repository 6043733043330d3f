package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.Backend;
import speculo.api.Chunk;
import speculo.api.Claim;
import speculo.api.ChunkHandle;
import speculo.api.ChunkHandler;
import speculo.api.GcPolicy;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Writer;

/** The stream: what a writer writes, every reader sees, in order, whole, once (R3, R6, R7). */
@ParameterizedClass
@MethodSource("speculo.tests.Backends#all")
class StreamConformanceTest extends ConformanceBase {

    StreamConformanceTest(Backend backend) {
        super(backend);
    }

    @Test
    void readersSeeEveryChunkInOrderWithItsBytes() {
        String area = newArea();
        Writer writer = writer(area);
        Reader first = reader(area);
        writer.write(bytes("alpha"));
        writer.write(MemorySegment.ofBuffer(ByteBuffer.wrap(bytes("beta"))));
        writer.write(MemorySegment.ofArray(bytes("gamma")));
        Reader second = reader(area);

        assertEquals(List.of("alpha", "beta", "gamma"), drain(first));
        assertEquals(List.of("alpha", "beta", "gamma"), drain(second));
        assertEquals(List.of(), drain(first), "each chunk is returned once");

        writer.write(bytes("delta"));
        assertEquals(List.of("delta"), drain(first));
        assertEquals(List.of("delta"), drain(second));
        assertEquals(0, first.skipped());
    }

    @Test
    void sequencesIncreaseAndHandlesNameTheChunks() {
        String area = newArea();
        Writer writer = writer(area);
        ChunkHandle a = writer.write(bytes("a"));
        ChunkHandle b = writer.write(bytes("b"));
        Reader reader = reader(area);
        Chunk first = reader.next().orElseThrow();
        Chunk second = reader.next().orElseThrow();
        assertTrue(second.sequence() > first.sequence());
        assertEquals(a, first.handle());
        assertEquals(b, second.handle());
        assertEquals(a.id(), first.id());
        assertEquals(Optional.empty(), reader.next());
    }

    @Test
    void emptyAndLargeChunksArriveWhole() {
        String area = newArea();
        Writer writer = writer(area);
        byte[] large = new byte[3 << 20];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 31 + 7);
        }
        writer.write(new byte[0]);
        writer.write(large);
        Reader reader = reader(area);
        Chunk empty = reader.next().orElseThrow();
        assertEquals(0, empty.size());
        assertEquals(0, empty.toByteArray().length);
        Chunk big = reader.next().orElseThrow();
        assertEquals(large.length, big.size());
        assertArrayEquals(large, big.toByteArray());
    }

    @Test
    void aByteBufferWrappedAsASegmentGivesItsRemainingBytesAndKeepsItsPosition() {
        String area = newArea();
        Writer writer = writer(area);
        ByteBuffer buffer = ByteBuffer.wrap(bytes("xxpayloadyy"));
        buffer.position(2).limit(9);
        writer.write(MemorySegment.ofBuffer(buffer));
        assertEquals(2, buffer.position());
        assertEquals(List.of("payload"), drain(reader(area)));
    }

    @Test
    void chunksAreReadOnlyViewsOfTheMapping() {
        String area = newArea();
        writer(area).write(bytes("fixed"));
        Chunk chunk = reader(area).next().orElseThrow();
        assertTrue(chunk.data().isReadOnly());
        assertTrue(chunk.asByteBuffer().isReadOnly());
        // JDK 25 reports a write to a read-only segment as IllegalArgumentException.
        assertThrows(IllegalArgumentException.class, () -> chunk.data().set(ValueLayout.JAVA_BYTE, 0, (byte) 1));
        assertEquals("fixed", text(chunk));
        assertTrue(chunk.mapping().isReadOnly());
        assertEquals(chunk.data().address(), chunk.mapping().address() + chunk.dataOffset(), "the same bytes, two ways");
        assertThrows(IllegalArgumentException.class, () -> chunk.mapping().set(ValueLayout.JAVA_BYTE, chunk.dataOffset(), (byte) 1));
    }

    @Test
    void pollHandsOverAtMostTheRequestedNumber() {
        String area = newArea();
        Writer writer = writer(area);
        for (int i = 0; i < 10; i++) {
            writer.write(bytes("c" + i));
        }
        Reader reader = reader(area);
        List<String> seen = new ArrayList<>();
        assertEquals(4, reader.poll(c -> seen.add(text(c)), 4));
        assertEquals(4, reader.poll(c -> seen.add(text(c)), 4));
        assertEquals(2, reader.poll(c -> seen.add(text(c)), 4));
        assertEquals(0, reader.poll(c -> seen.add(text(c)), 4));
        assertEquals(List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"), seen);
    }

    @Test
    void aHandlerMustNotPollItsOwnReader() {
        String area = newArea();
        writer(area).write(bytes("x"));
        Reader reader = reader(area);
        assertThrows(IllegalStateException.class, () -> reader.poll(c -> reader.poll(d -> { }, 1), 1));
    }

    @Test
    void pollAllocatesNothingPerChunk() {
        String area = newArea();
        Writer writer = writer(area, options().withInitialCapacity(8 << 20));
        Reader reader = reader(area);
        long[] sum = new long[1];
        ChunkHandler handler = chunk -> sum[0] += chunk.size() + chunk.sequence()
                + chunk.mapping().get(ValueLayout.JAVA_BYTE, chunk.dataOffset());
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 10_000; i++) {
                writer.write(bytes("chunk"));
            }
            long before = allocatedBytes();
            int n;
            do {
                n = reader.poll(handler, 256);
            } while (n > 0);
            long allocated = allocatedBytes() - before;
            if (round == 2) {
                assertTrue(allocated < 10_000, "poll of 10,000 chunks allocated " + allocated + " bytes");
            }
        }
        assertTrue(sum[0] > 0);
    }

    @Test
    void appendAllocatesNothingPerChunkWithOrWithoutExpiry() {
        String area = newArea();
        Writer writer = writer(area, options().withInitialCapacity(8 << 20));
        MemorySegment message = java.lang.foreign.Arena.ofAuto().allocate(64);
        Duration ttl = Duration.ofSeconds(1);
        long last = assertNoAllocationPerChunk("appends", ttl,
                i -> (i & 1) == 0 ? writer.append(message) : writer.append(message, ttl));
        assertEquals(30_000, last, "append returns the chunk's sequence number");
    }

    @Test
    void appendAllocatesNothingPerChunkUnderEveryBuiltInPolicy() {
        // Policies that do not fire here: what is measured is asking them after every change.
        List<GcPolicy> policies = List.of(GcPolicy.whenFull(), GcPolicy.anyOf(GcPolicy.whenFull()),
                GcPolicy.deadRatioAtLeast(1.0), GcPolicy.every(Duration.ofDays(1)),
                GcPolicy.anyOf(GcPolicy.deadRatioAtLeast(1.0), GcPolicy.every(Duration.ofDays(1))));
        MemorySegment message = java.lang.foreign.Arena.ofAuto().allocate(64);
        Duration ttl = Duration.ofSeconds(1);
        for (GcPolicy policy : policies) {
            Writer writer = writer(newArea(), options().withInitialCapacity(8 << 20).withGcPolicy(policy));
            assertNoAllocationPerChunk("appends under " + policy, ttl,
                    i -> (i & 1) == 0 ? writer.append(message) : writer.append(message, ttl));
            assertEquals(0, writer.stats().gcCount(), policy + " did not fire");
        }
    }

    @Test
    void everyDataMethodTakesSegmentsAndArraysWithEveryFormOfExpiry() {
        String area = newArea();
        Writer writer = writer(area);
        Instant soon = clock.instant().plusSeconds(9);
        Duration ttl = Duration.ofSeconds(9);
        ChunkHandle block = writer.write(bytes("w0"));
        writer.write(bytes("w1"), soon);
        writer.write(bytes("w2"), ttl);
        writer.write(MemorySegment.ofArray(bytes("w3")));
        writer.write(MemorySegment.ofArray(bytes("w4")), soon);
        writer.write(MemorySegment.ofArray(bytes("w5")), ttl);
        writer.append(bytes("a0"));
        writer.append(bytes("a1"), soon);
        writer.append(bytes("a2"), ttl);
        writer.append(MemorySegment.ofArray(bytes("a3")));
        writer.append(MemorySegment.ofArray(bytes("a4")), soon);
        writer.append(MemorySegment.ofArray(bytes("a5")), ttl);
        block = writer.replace(block, bytes("r0"));
        block = writer.replace(block, bytes("r1"), soon);
        block = writer.replace(block, bytes("r2"), ttl);
        block = writer.replace(block, MemorySegment.ofArray(bytes("r3")));
        block = writer.replace(block, MemorySegment.ofArray(bytes("r4")), soon);
        writer.replace(block, MemorySegment.ofArray(bytes("r5")), ttl);
        Map<String, Instant> seen = new java.util.LinkedHashMap<>();
        reader(area).poll(chunk -> seen.put(text(chunk), chunk.expiresAt()), 100);
        Map<String, Instant> expected = new java.util.LinkedHashMap<>();
        for (String name : List.of("w1", "w2", "w3", "w4", "w5", "a0", "a1", "a2", "a3", "a4", "a5", "r5")) {
            expected.put(name, name.endsWith("0") || name.endsWith("3") ? Instant.MAX : soon);
        }
        assertEquals(expected, seen, "w0 and r0-r4 were replaced before the reader came");
    }

    @Test
    void lastSequenceIsTheSequenceReadersSeeAfterEveryKindOfPublication() {
        String area = newArea();
        Writer writer = writer(area);
        assertEquals(0, writer.lastSequence(), "a new area");
        ChunkHandle written = writer.write(bytes("written"));
        long afterWrite = writer.lastSequence();
        long appended = writer.append(bytes("appended"));
        assertEquals(appended, writer.lastSequence(), "append returns it too");
        writer.replace(written, bytes("replaced"));
        long afterReplace = writer.lastSequence();
        Claim claim = writer.claim(7);
        claim.segment().copyFrom(MemorySegment.ofArray(bytes("claimed")));
        long beforeCommit = writer.lastSequence();
        claim.commit();
        long afterCommit = writer.lastSequence();
        writer.claim(3).abort();
        assertEquals(afterCommit, writer.lastSequence(), "an aborted claim publishes nothing");
        writer.remove(written);
        assertEquals(afterCommit + 1, writer.lastSequence(), "a removal publishes a notice, at the next sequence number");
        assertEquals(afterReplace, beforeCommit, "an open claim is not published yet");

        Map<String, Long> seen = new java.util.LinkedHashMap<>();
        Reader reader = reader(area);
        reader.poll(chunk -> seen.put(text(chunk), chunk.sequence()), 10);
        assertEquals(Map.of("appended", appended, "claimed", afterCommit), seen,
                "the written and replaced copies are gone; the others are seen at the sequence the writer reported");
        assertEquals(List.of(1L, 2L, 3L, 4L), List.of(afterWrite, appended, afterReplace, afterCommit));
        writer.close();
        assertEquals(5, writer.lastSequence(), "readable after close");
        assertEquals(5, writer(area).lastSequence(), "a writer taking the area over goes on from its last record");
    }

    /**
     * Runs {@code chunk} 10,000 times in each of three rounds, moving the clock by {@code ttl} every
     * 1,000 (the expired chunks leave the writer's expiry queue as they would in real time), and
     * asserts that the third round, with the code compiled, allocated less than a byte per chunk.
     *
     * @return what the last call returned
     */
    private long assertNoAllocationPerChunk(String what, Duration ttl, java.util.function.IntToLongFunction chunk) {
        long last = 0;
        for (int round = 0; round < 3; round++) {
            long before = allocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                last = chunk.applyAsLong(i);
                if (i % 1000 == 999) {
                    clock.advance(ttl);
                }
            }
            long allocated = allocatedBytes() - before;
            if (round == 2) {
                assertTrue(allocated < 10_000, "10,000 " + what + " allocated " + allocated + " bytes");
            }
        }
        return last;
    }

    @Test
    void aReaderReadsTheClockOnlyToJudgeANewChunkThatExpires() {
        // A read of the system clock is ~20 ns on a chunk's way from writer to reader (DECISIONS 35):
        // an idle poll and a chunk that never expires go without one, and a poll reads it at most once.
        String area = newArea();
        Writer writer = writer(area);
        AtomicInteger reads = new AtomicInteger();
        InstantSource counting = new InstantSource() {
            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis());
            }

            @Override
            public long millis() {
                reads.incrementAndGet();
                return clock.millis();
            }
        };
        Reader reader = track(backend.reader(area, ReaderOptions.defaults().withClock(counting)));
        ChunkHandle block = writer.write(bytes("block"));
        writer.append(MemorySegment.ofArray(bytes("never")), Instant.MAX);
        assertEquals(List.of("block", "never"), drain(reader));
        assertEquals("block", text(reader.read(block).orElseThrow()));
        assertEquals(0, reads.get(), "clock reads for chunks that never expire");

        writer.write(bytes("a"), Duration.ofSeconds(1));
        writer.write(bytes("b"), Duration.ofSeconds(1));
        List<String> seen = new ArrayList<>();
        assertEquals(2, reader.poll(chunk -> seen.add(text(chunk)), 10));
        assertEquals(List.of("a", "b"), seen);
        assertEquals(1, reads.get(), "clock reads of one poll that judged two chunks with an expiry");
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, reader.poll(chunk -> fail("nothing new was written"), 16));
        }
        assertEquals(1, reads.get(), "a spinning reader on an idle stream pays no clock read");
        clock.advance(Duration.ofSeconds(2));
        writer.write(bytes("c"), Duration.ofMillis(1));
        clock.advance(Duration.ofMillis(5));
        assertEquals(List.of(), drain(reader), "an expired chunk is still judged, and skipped");
        assertEquals(1, reader.skipped());
    }

    @Test
    void appendedChunksAreReadLikeWrittenOnes() {
        String area = newArea();
        Writer writer = writer(area);
        Reader reader = reader(area);
        long first = writer.append(MemorySegment.ofArray(bytes("streamed")));
        long second = writer.append(MemorySegment.ofArray(bytes("short-lived")), Duration.ofNanos(1));
        long third = writer.append(MemorySegment.ofArray(bytes("until noon")), clock.instant().plusSeconds(60));
        assertEquals(List.of(1L, 2L, 3L), List.of(first, second, third));
        Chunk chunk = reader.next().orElseThrow();
        assertEquals("streamed", text(chunk));
        assertEquals(first, chunk.sequence());
        assertEquals("streamed", text(reader.read(chunk.handle()).orElseThrow()), "the reader's handle resolves");
        Chunk shortLived = reader.next().orElseThrow();
        assertEquals(clock.instant().plusMillis(1), shortLived.expiresAt(), "a ttl below 1 ms rounds up to 1 ms");
        clock.advance(Duration.ofMillis(1));
        assertEquals("until noon", text(reader.next().orElseThrow()));
        assertThrows(IllegalArgumentException.class, () -> writer.append(MemorySegment.ofArray(bytes("x")), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> writer.append(MemorySegment.ofArray(bytes("x")), clock.instant()));
        writer.append(bytes("forever"), Duration.ofSeconds(Long.MAX_VALUE));
        assertEquals(Instant.MAX, reader.next().orElseThrow().expiresAt(), "a time to live beyond an Instant saturates at never");
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void endOfStreamComesAfterTheWriterClosesAndEverythingIsRead() {
        String area = newArea();
        Writer writer = writer(area);
        Reader reader = reader(area);
        writer.write(bytes("last words"));
        assertFalse(reader.isWriterClosed());
        assertFalse(reader.isEndOfStream());
        writer.close();
        assertTrue(reader.isWriterClosed());
        assertFalse(reader.isEndOfStream(), "a chunk is still unread");
        assertEquals("last words", text(reader.next(Duration.ofSeconds(5)).orElseThrow()));
        assertTrue(reader.isEndOfStream());
        long start = System.nanoTime();
        assertEquals(Optional.empty(), reader.next(Duration.ofSeconds(30)));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "next(timeout) returns at the end of the stream");
    }

    @Test
    void nextWithTimeoutWaitsForAChunk() throws Exception {
        String area = newArea();
        Writer writer = writer(area);
        Reader reader = reader(area);
        assertEquals(Optional.empty(), reader.next(Duration.ofMillis(20)));
        Thread late = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            writer.write(bytes("late"));
        });
        assertEquals("late", text(reader.next(Duration.ofSeconds(30)).orElseThrow()));
        late.join();
    }

    @Test
    void closedReadersAndWritersRefuseWork() {
        String area = newArea();
        Writer writer = writer(area);
        Reader reader = reader(area);
        reader.close();
        reader.close();
        assertThrows(IllegalStateException.class, () -> reader.poll(c -> { }, 1));
        assertThrows(IllegalStateException.class, reader::next);
        writer.close();
        writer.close();
        assertThrows(IllegalStateException.class, () -> writer.write(bytes("x")));
        assertThrows(IllegalStateException.class, writer::stats);
    }

    @Test
    void chunksFromNextStayValidUntilTheReaderCloses() {
        String area = newArea();
        writer(area).write(bytes("kept"));
        Reader reader = reader(area);
        Chunk chunk = reader.next().orElseThrow();
        assertEquals("kept", text(chunk));
        reader.close();
        assertThrows(IllegalStateException.class, chunk::data);
        assertThrows(IllegalStateException.class, chunk::toByteArray);
    }

    @Test
    void areasAreListedAndRemoved() {
        String area = newArea();
        Writer writer = writer(area);
        assertTrue(backend.areas().contains(area));
        assertThrows(speculo.api.AreaBusyException.class, () -> backend.remove(area));
        writer.close();
        assertTrue(backend.remove(area));
        assertFalse(backend.areas().contains(area));
        assertFalse(backend.remove(area));
        assertThrows(speculo.api.AreaNotFoundException.class, () -> backend.reader(area, speculo.api.ReaderOptions.defaults()));
    }
}
