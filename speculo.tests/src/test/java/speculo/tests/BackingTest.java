package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.time.InstantSource;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import speculo.api.GcPolicy;
import speculo.api.Writer;
import speculo.api.WriterOptions;
import speculo.core.layout.DataDescriptor;
import speculo.core.layout.RecordDescriptor;
import speculo.core.layout.Words;
import speculo.core.spi.MappedObject;
import speculo.core.write.AreaWriter;

/**
 * The writer stores only into memory it has had backed. Where a store leaves an object without
 * memory until asked (the shm backend, to keep fresh pages out of a collection's pause), a store
 * into a page nobody backed finds no room on a full {@code /dev/shm} and kills the writer with
 * SIGBUS instead of failing with "no space". Checked here over a store that records every page
 * it was asked to back, after every write: each committed byte of the current generation lies
 * on such a page.
 */
class BackingTest {

    private static final int PAGE = 4096;

    /**
     * A chunk that does not fit runs a collection, then goes into the new generation right after
     * the copied records. The helper that backs pages ahead was once asked to start only past that
     * chunk's room; when it got there before the writer looked (here: the collection's clock read
     * is slow), the writer took the helper's progress for "backed from the start" and wrote the
     * chunk on pages nobody had backed. Once in 14 clean-clone CI runs, the full-{@code /dev/shm}
     * test died of it.
     */
    @Test
    void aChunkThatRanACollectionIsWrittenOnBackedPages() {
        Assumptions.assumeTrue("true".equals(System.getProperty("speculo.writer.backAhead")),
                "the writer's backing helper is off in this JVM");
        RecordingStore store = new RecordingStore();
        SlowInstantClock clock = new SlowInstantClock();
        String area = "backing-" + ProcessHandle.current().pid();
        byte[] chunk = new byte[12 * PAGE];
        try (Writer writer = AreaWriter.open(store, area, WriterOptions.defaults().withClock(clock)
                .withInitialCapacity(64 * 1024).withMaxCapacity(64L << 20).withGcPolicy(GcPolicy.whenFull()))) {
            for (int i = 0; i < 40; i++) { // never expiring: each collection copies all and doubles the area
                writer.write(chunk);
                store.assertBacked(area, writer.stats().generation(), 0, "after write " + i);
            }
            assertTrue(writer.stats().generation() >= 3, "collections run: " + writer.stats().generation());
        }
    }

    /**
     * Once a record is published, the room of a next one as long is backed before the call returns,
     * so that a writer pausing between chunks pays the next chunk's fresh pages in the pause, not
     * on that chunk's way to the readers. The helper that backs pages ahead is held here (its
     * requests wait until the end), so only what the writer itself backed counts.
     */
    @Test
    void theRoomOfANextRecordIsBackedOnceARecordIsPublished() {
        RecordingStore store = new RecordingStore(Thread.currentThread());
        String area = "backing-next-" + ProcessHandle.current().pid();
        Writer writer = AreaWriter.open(store, area, WriterOptions.defaults().withInitialCapacity(16L << 20)
                .withMaxCapacity(64L << 20).withGcPolicy(GcPolicy.whenFull()));
        try {
            long generation = writer.stats().generation();
            for (int pages : new int[] {16, 16, 16, 3, 40, 40, 1, 16, 16}) {
                writer.write(new byte[pages * PAGE]);
                store.assertBacked(area, generation, RecordDescriptor.recordLength(pages * PAGE),
                        "after a chunk of " + pages + " pages");
            }
            assertEquals(generation, writer.stats().generation(), "no collection: one generation throughout");
        } finally {
            store.releaseHelpers(); // before close, which may wait for them
            writer.close();
        }
    }

    /** A clock whose {@code instant()} takes 20 ms: the writer reads it once per collection, at its end. */
    private static final class SlowInstantClock implements InstantSource {

        private final InstantSource system = InstantSource.system();

        @Override
        public Instant instant() {
            try {
                Thread.sleep(20); // time enough for the helper to back a step of the new generation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return system.instant();
        }

        @Override
        public long millis() {
            return system.millis();
        }
    }

    /** A {@link MemoryObjectStore} whose mappings record, page by page, what the writer (or its helpers) asked to back. */
    private static final class RecordingStore extends MemoryObjectStore {

        private final Map<String, BitSet> backed = new ConcurrentHashMap<>();
        /** If set, backing asked from any other thread waits for {@link #releaseHelpers} first. */
        private final Thread writerThread;
        private final CountDownLatch helpersReleased = new CountDownLatch(1);

        RecordingStore() {
            this(null);
        }

        RecordingStore(Thread writerThread) {
            this.writerThread = writerThread;
        }

        void releaseHelpers() {
            helpersReleased.countDown();
        }

        @Override
        public boolean unlink(String name) {
            backed.remove(name); // a name created again starts with nothing backed
            return super.unlink(name);
        }

        /** Fails unless every page of {@code [0, committed tail + ahead)} of the area's generation was backed. */
        void assertBacked(String area, long generation, long ahead, String when) {
            String name = dataObject(area, generation);
            long tail = Words.getAcquire(get(name), DataDescriptor.COMMITTED_TAIL_OFFSET);
            BitSet pages = backed.get(name);
            synchronized (pages) {
                int firstMissing = pages.nextClearBit(0);
                assertTrue((long) firstMissing * PAGE >= tail + ahead, when + ": " + name + " has records up to " + tail
                        + (ahead == 0 ? "" : " and should have the next " + ahead + " bytes backed,") + " but page "
                        + firstMissing + " (from " + (long) firstMissing * PAGE + ") was never backed");
            }
        }

        /** A shared view (the writer's helpers and its unmapper use it from their threads) that records what it backs. */
        @Override
        @SuppressWarnings("restricted") // reinterpret: a view of memory this store allocated, of its exact size
        protected MappedObject map(String name, MemorySegment segment) {
            BitSet pages = backed.computeIfAbsent(name, unused -> new BitSet());
            Arena view = Arena.ofShared();
            return new MappedObject(name, segment.reinterpret(view, null), view, (mapped, offset, length) -> {
                if (writerThread != null && Thread.currentThread() != writerThread) {
                    awaitRelease();
                }
                synchronized (pages) {
                    pages.set((int) (offset / PAGE), (int) ((offset + length + PAGE - 1) / PAGE));
                }
            });
        }

        private void awaitRelease() {
            try {
                helpersReleased.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
