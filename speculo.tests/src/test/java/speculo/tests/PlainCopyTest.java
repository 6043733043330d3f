package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import speculo.api.AreaPermissions;
import speculo.api.AreaStats;
import speculo.api.ChunkHandle;
import speculo.api.Claim;
import speculo.api.GcPolicy;
import speculo.api.Writer;
import speculo.api.WriterOptions;
import speculo.core.area.AreaNames;
import speculo.core.area.ReadOnlyArea;
import speculo.core.layout.DataDescriptor;
import speculo.core.layout.Words;
import speculo.core.spi.MappedObject;
import speculo.core.write.AreaWriter;

/**
 * The collector's plain path (DECISIONS 34) against its walk: random sequences of appends (times
 * to live that sometimes shorten, chunks that never expire, bursts longer than the writer's log),
 * writes, replacements, removals, claims, clock steps, collections and takeovers, applied alike to
 * a writer that copies its plain stream unread and to one that reads every record
 * ({@code -Dspeculo.writer.plainCopy=false}).
 * Every generation the two make must be the same bytes, header, indexes and records, and the
 * writers must count the same; the flight recording shows that the plain path did run, alone and
 * after a walked part.
 */
class PlainCopyTest {

    private static final int SCENARIOS = 300;
    private static final int OPERATIONS = 400;
    private static final int BURST = 2500;
    private static final int[] TTL_MILLIS = {20, 50, 50, 50, 80};

    @Test
    void everyCollectionCopiesWhatAWalkOfTheRecordsCopies() {
        List<RecordedEvent> events = CollectionEvents.during(() -> {
            for (int seed = 0; seed < SCENARIOS; seed++) {
                new Scenario(seed).run();
            }
        });
        int whole = 0;
        int mixed = 0;
        for (RecordedEvent event : events) {
            long unread = event.getLong("bytesCopiedUnread");
            if (event.getString("area").startsWith("walked")) {
                assertEquals(0, unread, "the walking writer copied unread");
            } else if (unread > 0 && unread == event.getLong("bytesCopied")) {
                whole++;
            } else if (unread > 0) {
                mixed++;
            }
        }
        assertTrue(whole >= 20 && mixed >= 1000, events.size() + " collections, " + whole + " copied wholly unread, "
                + mixed + " partly");
    }

    /** One random sequence of operations, applied to both writers. */
    private static final class Scenario {

        private final int seed;
        private final Random random;
        private final FakeClock clock = new FakeClock();
        private final Thread testThread = Thread.currentThread();
        private final WriterOptions options;
        private final Side plain;
        private final Side walked;

        Scenario(int seed) {
            this.seed = seed;
            this.random = new Random(seed);
            WriterOptions base = WriterOptions.defaults().withClock(clock).withInitialCapacity(8192).withMaxCapacity(512 << 10);
            this.options = seed % 2 == 0 ? base : base.withGcPolicy(GcPolicy.deadRatioAtLeast(0.5));
            this.plain = new Side("plain-" + seed, true);
            this.walked = new Side("walked-" + seed, false);
        }

        void run() {
            try {
                for (int step = 0; step < OPERATIONS; step++) {
                    Function<Side, String> operation = next();
                    String plainOutcome = plain.apply(operation);
                    String walkedOutcome = walked.apply(operation);
                    assertEquals(walkedOutcome, plainOutcome, "seed " + seed + ", step " + step);
                    AreaStats expected = walked.writer.stats();
                    AreaStats actual = plain.writer.stats();
                    assertEquals(counts(expected), counts(actual), "seed " + seed + ", step " + step);
                    if (actual.gcCount() != plain.collectionsCompared || step == OPERATIONS - 1) {
                        assertSameGeneration(expected.generation(), "seed " + seed + ", step " + step);
                        plain.collectionsCompared = actual.gcCount();
                    }
                }
            } finally {
                plain.writer.close();
                walked.writer.close();
            }
        }

        /** {@return the next operation, as a function of the side it runs on} */
        private Function<Side, String> next() {
            int kind = random.nextInt(100);
            byte[] data = new byte[random.nextInt(200)];
            random.nextBytes(data);
            Duration ttl = Duration.ofMillis(TTL_MILLIS[random.nextInt(TTL_MILLIS.length)]);
            int pick = random.nextInt(Integer.MAX_VALUE);
            if (kind == 0) {
                // A burst of empty chunks: two without a collection between overrun the writer's
                // log (4,096 records at first), whose ring then starts past the plain stream.
                return side -> {
                    for (int i = 0; i < BURST; i++) {
                        side.writer.append(MemorySegment.ofArray(new byte[0]), ttl);
                    }
                    return "burst";
                };
            } else if (kind < 45) {
                return side -> "appended " + side.writer.append(MemorySegment.ofArray(data), ttl);
            } else if (kind < 52) {
                return side -> "appended " + side.writer.append(MemorySegment.ofArray(data));
            } else if (kind < 62) {
                return side -> side.keep(side.writer.write(data, ttl));
            } else if (kind < 69) {
                return side -> side.handles.isEmpty() ? "none" : side.keep(side.writer.replace(side.handle(pick), data, ttl));
            } else if (kind < 76) {
                return side -> side.handles.isEmpty() ? "none" : "removed " + side.writer.remove(side.handle(pick));
            } else if (kind < 82) {
                int ending = pick % 3;
                return side -> {
                    Claim claim = side.writer.claim(data.length, ttl);
                    claim.segment().copyFrom(MemorySegment.ofArray(data));
                    return switch (ending) {
                        case 0 -> side.keep(claim.commit());
                        case 1 -> {
                            claim.commit();
                            yield "committed at " + side.writer.lastSequence();
                        }
                        default -> {
                            claim.abort();
                            yield "aborted";
                        }
                    };
                };
            } else if (kind < 92) {
                clock.advance(Duration.ofMillis(pick % 30));
                return side -> "waited";
            } else if (kind < 98) {
                return side -> {
                    side.writer.collect();
                    return "collected";
                };
            } else {
                return side -> {
                    side.reopen();
                    return "reopened";
                };
            }
        }

        /** Asserts that both writers' data objects of {@code generation} hold the same bytes up to their committed tail. */
        private void assertSameGeneration(long generation, String where) {
            MemorySegment expected = walked.object(generation);
            MemorySegment actual = plain.object(generation);
            long tail = Words.getAcquire(expected, DataDescriptor.COMMITTED_TAIL_OFFSET);
            assertEquals(tail, Words.getAcquire(actual, DataDescriptor.COMMITTED_TAIL_OFFSET), where + ": committed tail");
            long mismatch = expected.asSlice(0, tail).mismatch(actual.asSlice(0, tail));
            assertEquals(-1, mismatch, where + ": generation " + generation + " differs at byte " + mismatch);
        }

        private static List<Long> counts(AreaStats stats) {
            return List.of(stats.capacity(), stats.used(), stats.liveBytes(), stats.deadBytes(), stats.liveChunks(),
                    stats.deadChunks(), stats.generation(), stats.gcCount());
        }

        /** One of the two writers, with its store and the handles it was given. */
        private final class Side {

            private final String area;
            private final boolean plainCopy;
            private final MemoryObjectStore store = new MemoryObjectStore() {
                @Override
                public MappedObject create(String name, long size, long backed, AreaPermissions permissions)
                        throws IOException {
                    if (Thread.currentThread() != testThread) {
                        // A standby generation is sized as the helper thread gets to it, so the two
                        // writers' objects could differ in size; each collection makes its own here.
                        throw new IOException("no standby generations in this test");
                    }
                    return super.create(name, size, backed, permissions);
                }
            };
            private final List<ChunkHandle> handles = new ArrayList<>();
            private Writer writer;
            private long collectionsCompared;

            Side(String area, boolean plainCopy) {
                this.area = area;
                this.plainCopy = plainCopy;
                this.writer = open();
            }

            private Writer open() {
                if (plainCopy) {
                    return AreaWriter.open(store, area, options);
                }
                System.setProperty("speculo.writer.plainCopy", "false"); // read at each writer's open
                try {
                    return AreaWriter.open(store, area, options);
                } finally {
                    System.clearProperty("speculo.writer.plainCopy");
                }
            }

            void reopen() {
                writer.close();
                writer = open();
            }

            /** {@return the outcome of {@code operation} here: what it returned, or the exception it threw} */
            String apply(Function<Side, String> operation) {
                try {
                    return operation.apply(this);
                } catch (RuntimeException e) {
                    return e.getClass().getSimpleName();
                }
            }

            String keep(ChunkHandle handle) {
                handles.add(handle);
                return "handle of chunk " + handle.id();
            }

            ChunkHandle handle(int pick) {
                return handles.get(pick % handles.size());
            }

            MemorySegment object(long generation) {
                try {
                    String name = ReadOnlyArea.objectHolding(store, area, generation);
                    if (name == null) {
                        throw new AssertionError(area + ": no generation " + generation);
                    }
                    return store.openReadOnly(name).segment();
                } catch (IOException e) {
                    throw new AssertionError(area + ": generation " + generation, e);
                }
            }
        }
    }
}
