package speculo.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.Backend;
import speculo.api.Chunk;
import speculo.api.ChunkHandler;
import speculo.api.Reader;
import speculo.api.Writer;
import speculo.api.WriterOptions;
import speculo.core.StoreBackend;
import speculo.core.area.AreaNames;
import speculo.core.area.ReaderPresence;
import speculo.core.area.Ownership;
import speculo.core.layout.ControlDescriptor;
import speculo.core.layout.PresenceDescriptor;
import speculo.tests.child.FollowReader;
import speculo.tests.child.HoldingReader;
import speculo.tests.child.SelfChecking;

/**
 * Recycling (DESIGN §3): a writer reuses the object of a retired generation once no reader
 * announces it, readers announce in objects of their own, and nothing a reader does (or a hostile
 * process does in a reader's place) makes another read recycled bytes.
 */
@ParameterizedClass
@MethodSource("speculo.tests.Backends#all")
class RecyclingTest extends ConformanceBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    RecyclingTest(Backend backend) {
        super(backend);
    }

    @Test
    void theCollectionEventSaysWhereEachNewObjectCameFromAndWhatGettingItCost() {
        String area = newArea();
        Writer writer = writer(area, options().withRecycledObjects(2));
        List<jdk.jfr.consumer.RecordedEvent> events = CollectionEvents.during(() -> {
            for (int i = 0; i < 6; i++) {
                writer.write(bytes("chunk " + i));
                writer.collect();
            }
        });
        List<String> seen = events.stream().map(event -> event.getString("area") + " g" + event.getLong("generation")
                + " " + event.getString("objectSource")).toList();
        assertEquals(6, events.size(), seen.toString());
        assertEquals("new", events.getFirst().getString("objectSource"), "nothing to reuse yet: " + seen);
        Set<String> later = new HashSet<>();
        for (jdk.jfr.consumer.RecordedEvent event : events) {
            String source = event.getString("objectSource");
            assertTrue(Set.of("standby", "recycled", "new").contains(source), source);
            long objectNanos = event.getDuration("objectNanos").toNanos();
            assertTrue(objectNanos > 0 && objectNanos <= event.getDuration().toNanos(), event.toString());
            later.add(source);
        }
        assertTrue(later.contains("recycled") || later.contains("standby"),
                "with no reader on them, retired objects come back: " + later);
    }

    @Test
    void eachReaderAnnouncesItselfInAnObjectOfItsOwnUntilItCloses() throws IOException {
        String area = newArea();
        writer(area);
        assertEquals(List.of(), presences(area));
        Reader first = reader(area);
        Reader second = reader(area);
        assertEquals(2, presences(area).size());
        first.close();
        assertEquals(1, presences(area).size());
        second.close();
        assertEquals(List.of(), presences(area));

        String off = newArea();
        writer(off, options().withRecycledObjects(0));
        reader(off);
        assertEquals(List.of(), presences(off), "the readers of an area that does not recycle announce nothing");
    }

    @Test
    void aStreamFollowedByAReaderReusesAFewObjects() throws IOException {
        Run recycled = stream(newArea(), options());
        Run fresh = stream(newArea(), options().withRecycledObjects(0));
        assertTrue(recycled.collections >= 20, "collections: " + recycled.collections);
        assertTrue(recycled.objects.size() <= 4, "objects used by " + recycled.collections + " generations: "
                + recycled.objects);
        // The same stream without recycling: at least one object per generation (a standby whose
        // size no longer fits is dropped for another), so the count above can fail.
        assertTrue(fresh.objects.size() >= fresh.collections + 1, fresh.collections + " collections: " + fresh.objects);
    }

    private record Run(long collections, Set<String> objects) {
    }

    /** Writes 2,000 chunks that live 10 ms, 1 ms apart, read by a reader that follows every write. */
    private Run stream(String area, WriterOptions options) throws IOException {
        Writer writer = writer(area, options);
        Reader reader = reader(area);
        Set<String> objects = new HashSet<>();
        byte[] chunk = new byte[1000];
        for (int i = 0; i < 2000; i++) {
            clock.advance(Duration.ofMillis(1));
            chunk[0] = (byte) i;
            chunk[999] = (byte) (i >> 8);
            writer.write(chunk, Duration.ofMillis(10));
            Chunk read = reader.next().orElseThrow();
            assertEquals((byte) i, read.data().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
            assertEquals((byte) (i >> 8), read.data().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 999));
            objects.addAll(dataObjects(area));
        }
        return new Run(writer.stats().gcCount(), objects);
    }

    @Test
    void aChunkHeldOnARetiredGenerationKeepsItsBytesWhileOtherObjectsAreReused() throws IOException {
        String area = newArea();
        Writer writer = writer(area);
        Reader reader = reader(area);
        writer.write(bytes("held on generation 0"));
        Chunk held = reader.next().orElseThrow();
        byte[] before = held.toByteArray();
        Set<String> objects = new HashSet<>();
        for (int collection = 1; collection <= 8; collection++) {
            for (int i = 0; i < 10; i++) {
                writer.write(bytes("overwrite " + collection + "." + i + " ".repeat(20)));
            }
            writer.collect();
            objects.addAll(dataObjects(area));
            assertArrayEquals(before, held.toByteArray(), "after collection " + collection);
        }
        // Generation 0's object stays (then is unlinked beyond the bound), the others take turns.
        assertTrue(objects.size() <= 4, objects.toString());
        drain(reader);
        assertThrows(IllegalStateException.class, held::toByteArray, "a chunk of a generation the reader left");
    }

    @Test
    void aForgedPresenceThatNeverMovesOnlyCostsFreshObjects() throws Exception {
        String area = newArea();
        Writer writer = writer(area);
        Reader reader = reader(area);
        writer.write(bytes("a"));
        writer.collect();
        assertEquals(List.of("a"), drain(reader));
        long pinned = writer.stats().generation();
        String pinnedObject = AreaObjects.dataObject(backend, area, pinned);
        // A hostile process that may read the area announces a generation and never moves on.
        try (ReaderPresence forged = ReaderPresence.create(store(), area)) {
            forged.held(pinned);
            forged.next(pinned);
            for (int collection = 0; collection < 10; collection++) {
                writer.write(bytes("chunk " + collection));
                writer.collect();
                assertEquals(List.of("chunk " + collection), drain(reader));
                assertTrue(generationOf(pinnedObject) == pinned || generationOf(pinnedObject) == -1,
                        "the pinned object holds generation " + generationOf(pinnedObject));
                assertTrue(dataObjects(area).size() <= 4, dataObjects(area).toString());
            }
        }
    }

    @Test
    void presencesThatAreNotReadersAreIgnoredAndOneCutShortDoesNoHarm() throws Exception {
        String area = newArea();
        List<Path> planted = List.of(1, 2, 3, 4).stream()
                .map(salt -> AreaObjects.path(backend, AreaNames.presenceObject(area, salt))).toList();
        try {
            plantedPresences(area, planted);
        } finally {
            // Not speculo's objects (no magic, or cut short): removing the area leaves them alone.
            for (Path path : planted) {
                Files.deleteIfExists(path);
            }
        }
    }

    private void plantedPresences(String area, List<Path> planted) throws Exception {
        Writer writer = writer(area);
        Reader reader = reader(area);
        Files.write(planted.get(0), new byte[4096]);
        Files.write(planted.get(1), new byte[0]);
        AreaObjects.mkfifo(planted.get(2));
        Set<String> objects = new HashSet<>();
        for (int collection = 0; collection < 8; collection++) {
            writer.write(bytes("chunk " + collection));
            writer.collect();
            assertEquals(List.of("chunk " + collection), drain(reader));
            objects.addAll(dataObjects(area));
        }
        assertTrue(objects.size() <= 4, "nothing announced, so objects are reused: " + objects);

        // A presence of a live reader, written by hand, then cut short by its owner between two
        // scans: the writer reads presences with plain reads, so it meets a short object, not a
        // fault, and takes it for one that announces nothing.
        Path forged = planted.get(3);
        Files.write(forged, presence(writer.stats().generation()));
        writer.write(bytes("x"));
        writer.collect();
        try (FileChannel channel = FileChannel.open(forged, StandardOpenOption.WRITE)) {
            channel.truncate(16);
        }
        for (int collection = 0; collection < 4; collection++) {
            writer.write(bytes("after " + collection));
            writer.collect();
        }
        assertEquals(List.of("x", "after 0", "after 1", "after 2", "after 3"), drain(reader));
    }

    /** {@return the bytes of a presence of this process that holds {@code generation}} */
    private static byte[] presence(long generation) {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(PresenceDescriptor.LENGTH).order(java.nio.ByteOrder.nativeOrder());
        bytes.putLong(PresenceDescriptor.MAGIC_OFFSET, PresenceDescriptor.MAGIC);
        bytes.putLong(PresenceDescriptor.VERSION_OFFSET, ControlDescriptor.FORMAT_VERSION);
        bytes.putLong(PresenceDescriptor.READER_OFFSET, Ownership.self());
        bytes.putLong(PresenceDescriptor.READER_NAMESPACE_OFFSET, Ownership.selfNamespace());
        bytes.putLong(PresenceDescriptor.HELD_OFFSET, generation);
        bytes.putLong(PresenceDescriptor.NEXT_OFFSET, generation);
        return bytes.array();
    }

    @Test
    void aReaderKilledWithSigkillStopsPinningItsGeneration() throws Exception {
        String area = newArea();
        Writer writer = writer(area);
        writer.write(bytes("a"));
        try (ChildJvm child = ChildJvm.start(backend.name(), FollowReader.class, area)) {
            child.await("READY", TIMEOUT);
            assertEquals(1, presences(area).size());
            child.kill9();
        }
        assertEquals(1, presences(area).size(), "a dead reader's presence stays until the writer looks");
        Set<String> objects = new HashSet<>();
        for (int collection = 0; collection < 6; collection++) {
            writer.write(bytes("b"));
            writer.collect();
            objects.addAll(dataObjects(area));
        }
        assertEquals(List.of(), presences(area), "the writer removed the dead reader's presence");
        assertTrue(objects.size() <= 4, "generation 0 was reused like any other: " + objects);
    }

    @Test
    void aReaderStoppedAcrossCollectionsReadsOnlyCorrectChunksWhenResumed() throws Exception {
        String area = newArea();
        Writer writer = writer(area, options().withInitialCapacity(256 * 1024).withMaxCapacity(4 << 20));
        byte[] chunk = new byte[1000];
        long key = 0;
        SelfChecking.fill(MemorySegment.ofArray(chunk), key++);
        writer.write(chunk);
        try (ChildJvm child = ChildJvm.start(backend.name(), HoldingReader.class, area)) {
            child.await("HOLDING", TIMEOUT); // a chunk of generation 0 in hand
            signal("STOP", child.pid());
            // Chunks that expire (by the fake clock, long ago for the reader's real one), so that
            // collections keep the live set small and take turns over the objects.
            while (writer.stats().gcCount() < 6) {
                SelfChecking.fill(MemorySegment.ofArray(chunk), key++);
                writer.write(chunk, Duration.ofMillis(5));
                clock.advance(Duration.ofMillis(1));
            }
            signal("CONT", child.pid());
            Thread.sleep(100); // it checks the chunk it holds, over and over
            child.send("GO");
            for (int i = 0; i < 200; i++) {
                SelfChecking.fill(MemorySegment.ofArray(chunk), key++);
                writer.write(chunk);
            }
            writer.close();
            String result = child.await("RESULT", TIMEOUT);
            assertEquals(0, child.exitCode(TIMEOUT), result);
            assertEquals(0, ChildJvm.field(result, "bad"), result);
            assertTrue(ChildJvm.field(result, "read") >= 201, result);
        }
    }

    @Test
    void aWarmStreamOfLargeChunksTouchesNoFreshPages() throws IOException {
        long recycled = faultsWhileStreaming(newArea(), true);
        long fresh = faultsWhileStreaming(newArea(), false);
        long pages = (1L << 30) / 4096;
        System.out.println(backend.name() + ": minor faults while 1 GiB of 1 MiB chunks is appended: " + recycled
                + " recycling, " + fresh + " without, " + pages + " pages");
        assertTrue(recycled < pages / 50, "minor faults for 1 GiB in recycled objects: " + recycled
                + " (without recycling: " + fresh + ", " + pages + " pages)");
        // Without recycling every byte lands on a fresh page: the measure above can fail. Fewer
        // faults than pages where the kernel maps several pages per fault (a read fault of a file
        // page maps its neighbours too, and the writer reads ahead of its tail to warm the cache).
        assertTrue(fresh > pages / 10, "minor faults for 1 GiB in fresh objects: " + fresh);
    }

    @Test
    void aStreamWhoseGenerationsGrowGrowsIntoTheObjectsItRecycles() throws IOException {
        String area = newArea();
        Set<String> objects = new HashSet<>();
        long collections = 0;
        MemorySegment chunk = MemorySegment.ofArray(new byte[64 << 10]);
        try (Writer writer = writer(area, options().withMaxCapacity(256 << 20))) {
            // Chunks live 10 ms; the rate grows by about half, phase by phase, so each generation
            // the collections size is about half as large again as the last phase's.
            for (int perMilli : new int[] {1, 2, 3, 5, 8, 12, 18}) {
                for (int ms = 0; ms < 50; ms++) {
                    clock.advance(Duration.ofMillis(1));
                    for (int i = 0; i < perMilli; i++) {
                        writer.append(chunk, Duration.ofMillis(10));
                    }
                    objects.addAll(dataObjects(area));
                }
            }
            collections = writer.stats().gcCount();
        }
        System.out.println(backend.name() + ": " + collections + " growing generations in " + objects.size()
                + " objects");
        if (backend.name().equals("shm")) {
            assertTrue(objects.size() <= 10, collections + " generations in " + objects.size() + " objects");
        } else {
            // The file backend's objects have memory behind them whole, so they are made at the size
            // of their generation and fit no generation half as large again: the measure can fail.
            assertTrue(objects.size() > 10, collections + " generations in " + objects.size() + " objects");
        }
    }

    @Test
    void aReaderOfAWarmStreamMapsEachRecycledObjectOnce() throws IOException {
        long faults = faultsWhileStreamingToAReader(newArea());
        long pages = (1L << 30) / 4096;
        System.out.println(backend.name() + ": minor faults while a reader reads 1 GiB of 1 MiB chunks as they are"
                + " appended: " + faults + ", " + pages + " pages");
        if (backend.name().equals("shm")) {
            assertTrue(faults < pages / 50, "minor faults of writer and reader for 1 GiB: " + faults);
        } else {
            // The file backend's mappings make no views: its readers map each generation anew and
            // fault on every page they read again (16 at a time), so the measure above can fail.
            assertTrue(faults > pages / 50, "minor faults with every generation mapped anew: " + faults);
        }
    }

    /**
     * {@return this process's minor faults while it appends 1 GiB of 1 MiB chunks that live 1 ms,
     * after a warm-up, and a reader reads every page of each as it comes}
     */
    private long faultsWhileStreamingToAReader(String area) throws IOException {
        WriterOptions options = options().withInitialCapacity(8 << 20).withMaxCapacity(8 << 20);
        MemorySegment chunk = MemorySegment.ofArray(new byte[1 << 20]);
        long[] sum = {0};
        ChunkHandler everyPage = c -> {
            for (long at = 0; at < c.size(); at += 4096) {
                sum[0] += c.data().get(java.lang.foreign.ValueLayout.JAVA_BYTE, at);
            }
        };
        try (Writer writer = backend.writer(area, options); Reader reader = reader(area)) {
            long before = 0;
            for (int i = 0; i < 64 + 1024; i++) {
                if (i == 64) {
                    before = minorFaults();
                }
                clock.advance(Duration.ofMillis(1));
                writer.append(chunk, Duration.ofMillis(1));
                assertEquals(1, reader.poll(everyPage, 10), "chunk " + i);
            }
            assertEquals(0, reader.skipped());
            return minorFaults() - before;
        }
    }

    /** {@return this process's minor faults while it appends 1 GiB of 1 MiB chunks that live 1 ms, after a warm-up} */
    private long faultsWhileStreaming(String area, boolean recycling) throws IOException {
        WriterOptions options = options().withInitialCapacity(8 << 20).withMaxCapacity(8 << 20)
                .withRecycledObjects(recycling ? WriterOptions.DEFAULT_RECYCLED_OBJECTS : 0);
        MemorySegment chunk = MemorySegment.ofArray(new byte[1 << 20]);
        try (Writer writer = backend.writer(area, options)) {
            for (int i = 0; i < 64; i++) {
                clock.advance(Duration.ofMillis(1));
                writer.append(chunk, Duration.ofMillis(1));
            }
            long before = minorFaults();
            for (int i = 0; i < 1024; i++) {
                clock.advance(Duration.ofMillis(1));
                writer.append(chunk, Duration.ofMillis(1));
            }
            return minorFaults() - before;
        }
    }

    /** {@return this process's minor page faults so far, from {@code /proc/self/stat}} */
    private static long minorFaults() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[7]); // field 10 of the line; fields[0] is field 3
    }

    private static void signal(String signal, long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).start().waitFor());
    }

    private speculo.core.spi.ObjectStore store() {
        return ((StoreBackend) backend).store();
    }

    private List<String> presences(String area) throws IOException {
        return store().list().stream().filter(name -> AreaNames.isPresence(area, name)).sorted().toList();
    }

    private List<String> dataObjects(String area) throws IOException {
        return store().list().stream().filter(name -> AreaNames.slotOf(area, name) >= 0).sorted().toList();
    }

    /** {@return the generation a data object holds, or -1 if it is gone} */
    private long generationOf(String object) throws IOException {
        return AreaObjects.generationIn(AreaObjects.path(backend, object));
    }
}
