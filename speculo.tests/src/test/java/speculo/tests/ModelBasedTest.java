package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.Size;
import speculo.api.AreaFullException;
import speculo.api.Backend;
import speculo.api.Chunk;
import speculo.api.ChunkHandle;
import speculo.api.ChunkNotFoundException;
import speculo.api.GcPolicy;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * Random sequences of write / replace / remove / clock steps / collect / reader steps, checked
 * against a plain in-memory model of what a reader must see. A small maximum capacity makes
 * collections and "area full" frequent.
 */
class ModelBasedTest {

    private static final long MAX_CAPACITY = 48 * 1024;

    sealed interface Op permits Write, Replace, Remove, Advance, Collect, Poll, Read, NewReader {
    }

    record Write(int size, int ttlSeconds) implements Op {
    }

    record Replace(int target, int size, int ttlSeconds) implements Op {
    }

    record Remove(int target) implements Op {
    }

    record Advance(int seconds) implements Op {
    }

    record Collect() implements Op {
    }

    record Poll(int reader, int max) implements Op {
    }

    record Read(int reader, int target) implements Op {
    }

    record NewReader() implements Op {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0, 64)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(65, 2000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(2001, 20_000)));
        Arbitrary<Integer> ttl = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 30)));
        Arbitrary<Integer> target = Arbitraries.integers().between(0, 1000);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(30, net.jqwik.api.Combinators.combine(size, ttl).as(Write::new)),
                net.jqwik.api.Tuple.of(12, net.jqwik.api.Combinators.combine(target, size, ttl).as(Replace::new)),
                net.jqwik.api.Tuple.of(6, target.map(Remove::new)),
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(1, 10).map(Advance::new)),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(new Collect())),
                net.jqwik.api.Tuple.of(15, net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(1, 20)).as(Poll::new)),
                net.jqwik.api.Tuple.of(10, net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 3), target)
                        .as(Read::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(new NewReader())));
        return op.list().ofMinSize(1).ofMaxSize(120);
    }

    @Property(tries = 1000)
    void readersSeeExactlyWhatTheModelSays(@ForAll("operations") @Size(max = 120) List<Op> ops) throws Exception {
        Backend backend = Speculo.backend("file");
        String area = "model-" + Long.toHexString(System.nanoTime());
        FakeClock clock = new FakeClock();
        Model model = new Model(clock);
        List<ModelReader> readers = new ArrayList<>();
        try (Writer writer = backend.writer(area, WriterOptions.defaults().withClock(clock).withInitialCapacity(4096)
                .withMaxCapacity(MAX_CAPACITY).withGcPolicy(GcPolicy.deadRatioAtLeast(0.75)))) {
            readers.add(new ModelReader(backend.reader(area, ReaderOptions.defaults().withClock(clock)), true));
            for (Op op : ops) {
                apply(op, writer, model, readers, backend, area, clock);
                AreaCheck.statsConsistent(writer);
            }
            for (ModelReader reader : readers) {
                apply(new Poll(readers.indexOf(reader), Integer.MAX_VALUE), writer, model, readers, backend, area, clock);
            }
            // Shown in the report, so a change that stops exercising collections or full areas is seen.
            Statistics.label("collections").collect(writer.stats().gcCount() == 0 ? "none" : writer.stats().gcCount() < 5 ? "1-4" : "5+");
            Statistics.label("area full").collect(model.fullSeen ? "seen" : "not seen");
        } finally {
            readers.forEach(r -> r.reader.close());
            backend.remove(area);
        }
    }

    private static void apply(Op op, Writer writer, Model model, List<ModelReader> readers, Backend backend, String area,
                              FakeClock clock) {
        switch (op) {
            case Write w -> {
                byte[] data = model.nextData(w.size());
                try {
                    ChunkHandle handle = w.ttlSeconds() == 0 ? writer.write(data)
                            : writer.write(data, Duration.ofSeconds(w.ttlSeconds()));
                    model.written(handle, handle.id(), data, w.ttlSeconds());
                } catch (AreaFullException full) {
                    model.assertFull(w.size());
                    model.fullSeen = true;
                }
            }
            case Replace r -> {
                if (model.handles.isEmpty()) {
                    return;
                }
                ChunkHandle target = model.handles.get(r.target() % model.handles.size());
                byte[] data = model.nextData(r.size());
                boolean live = model.isLive(target.id());
                try {
                    ChunkHandle handle = r.ttlSeconds() == 0 ? writer.replace(target, data)
                            : writer.replace(target, data, Duration.ofSeconds(r.ttlSeconds()));
                    assertTrue(live, "replace succeeded on a chunk the model says is gone");
                    assertEquals(target.id(), handle.id());
                    model.replaced(target.id(), handle, data, r.ttlSeconds());
                } catch (ChunkNotFoundException gone) {
                    assertFalse(live, "replace failed on a chunk the model says is live");
                } catch (AreaFullException full) {
                    model.assertFull(r.size());
                }
            }
            case Remove r -> {
                if (model.handles.isEmpty()) {
                    return;
                }
                ChunkHandle target = model.handles.get(r.target() % model.handles.size());
                boolean live = model.isLive(target.id());
                assertEquals(live, writer.remove(target));
                if (live) {
                    model.removed(target.id());
                }
            }
            case Advance a -> clock.advance(Duration.ofSeconds(a.seconds()));
            case Collect c -> writer.collect();
            case NewReader n -> readers.add(new ModelReader(backend.reader(area, ReaderOptions.defaults().withClock(clock)),
                    model.lastSeq == 0));
            case Poll p -> {
                ModelReader reader = readers.get(p.reader() % readers.size());
                List<Model.Rec> expected = model.visibleAfter(reader.position);
                List<Long> seen = new ArrayList<>();
                List<byte[]> seenData = new ArrayList<>();
                int max = p.max();
                int got = reader.reader.poll(chunk -> {
                    seen.add(chunk.sequence());
                    seenData.add(chunk.toByteArray());
                }, max);
                int expectedCount = Math.min(max, expected.size());
                assertEquals(expectedCount, got, "chunks handed over");
                for (int i = 0; i < got; i++) {
                    assertEquals(expected.get(i).seq, seen.get(i));
                    assertArrayEquals(expected.get(i).data, seenData.get(i));
                }
                if (got < max) {
                    reader.skippedExpected += model.lastSeq - reader.position - got
                            - model.noticesBetween(reader.position, model.lastSeq);
                    reader.position = model.lastSeq;
                } else if (got > 0) {
                    long last = seen.get(got - 1);
                    reader.skippedExpected += last - reader.position - got - model.noticesBetween(reader.position, last);
                    reader.position = last;
                }
                if (reader.checkSkipped && got < max) {
                    // After a poll that drained the stream every record is accounted for; within a
                    // stream, records a collection dropped may be counted early.
                    assertEquals(reader.skippedExpected, reader.reader.skipped(), "skipped count");
                }
            }
            case Read r -> {
                if (model.handles.isEmpty()) {
                    return;
                }
                ModelReader reader = readers.get(r.reader() % readers.size());
                ChunkHandle handle = model.handles.get(r.target() % model.handles.size());
                Optional<Chunk> chunk = reader.reader.read(handle);
                Model.Rec expected = model.current(handle.id());
                if (expected == null) {
                    assertTrue(chunk.isEmpty(), "read found a chunk the model says is gone");
                } else {
                    assertTrue(chunk.isPresent(), "read missed a live chunk");
                    assertEquals(expected.seq, chunk.get().sequence());
                    assertArrayEquals(expected.data, chunk.get().toByteArray());
                }
            }
        }
    }

    /** A reader under test and where the model says it stands. */
    static final class ModelReader {
        final Reader reader;
        /** A reader opened after writes starts at the oldest record of the current generation, which the model does not track. */
        final boolean checkSkipped;
        long position;
        long skippedExpected;

        ModelReader(Reader reader, boolean checkSkipped) {
            this.reader = reader;
            this.checkSkipped = checkSkipped;
        }
    }

    /** What the area holds, in plain Java. */
    static final class Model {
        static final class Rec {
            final long seq;
            final long id;
            final byte[] data;
            final long expiresAt;
            boolean dead;
            boolean notice;

            Rec(long seq, long id, byte[] data, long expiresAt) {
                this.seq = seq;
                this.id = id;
                this.data = data;
                this.expiresAt = expiresAt;
            }
        }

        final FakeClock clock;
        final List<Rec> records = new ArrayList<>();
        final Map<Long, Rec> currentById = new HashMap<>();
        final List<ChunkHandle> handles = new ArrayList<>();
        long lastSeq;
        boolean fullSeen;
        private int counter;

        Model(FakeClock clock) {
            this.clock = clock;
        }

        byte[] nextData(int size) {
            byte[] data = new byte[size];
            Arrays.fill(data, (byte) ++counter);
            if (size >= 4) {
                data[0] = (byte) (counter >>> 8);
            }
            return data;
        }

        void written(ChunkHandle handle, long id, byte[] data, int ttlSeconds) {
            Rec rec = new Rec(++lastSeq, id, data, expiry(ttlSeconds));
            records.add(rec);
            currentById.put(id, rec);
            handles.add(handle);
        }

        void replaced(long id, ChunkHandle handle, byte[] data, int ttlSeconds) {
            currentById.get(id).dead = true;
            written(handle, id, data, ttlSeconds);
        }

        /** A removal that succeeded: the chunk is dead, and its notice takes the next sequence number. */
        void removed(long id) {
            currentById.get(id).dead = true;
            Rec notice = new Rec(++lastSeq, id, new byte[0], clock.millis());
            notice.dead = true;
            notice.notice = true;
            records.add(notice);
        }

        /** {@return the removal notices with a sequence number in {@code (after, through]}: neither chunks nor skipped} */
        long noticesBetween(long after, long through) {
            return records.stream().filter(r -> r.notice && r.seq > after && r.seq <= through).count();
        }

        boolean isLive(long id) {
            return current(id) != null;
        }

        Rec current(long id) {
            Rec rec = currentById.get(id);
            return rec != null && !rec.dead && rec.expiresAt > clock.millis() ? rec : null;
        }

        List<Rec> visibleAfter(long position) {
            return records.stream().filter(r -> r.seq > position && !r.dead && r.expiresAt > clock.millis()).toList();
        }

        void assertFull(int size) {
            long live = records.stream().filter(r -> !r.dead && r.expiresAt > clock.millis()) // notices are dead
                    .mapToLong(r -> recordLength(r.data.length)).sum();
            assertTrue(live + recordLength(size) > MAX_CAPACITY,
                    "area full although live " + live + " + new " + recordLength(size) + " fit in " + MAX_CAPACITY);
        }

        private long expiry(int ttlSeconds) {
            return ttlSeconds == 0 ? Long.MAX_VALUE : clock.millis() + ttlSeconds * 1000L;
        }

        private static long recordLength(int size) {
            return (40 + size + 7) & ~7L;
        }
    }
}
