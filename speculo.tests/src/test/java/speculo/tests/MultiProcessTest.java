package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.AreaBusyException;
import speculo.api.Backend;
import speculo.api.Chunk;
import speculo.api.ChunkHandle;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Writer;
import speculo.api.WriterOptions;
import speculo.tests.child.Payloads;
import speculo.tests.child.StreamReader;
import speculo.tests.child.StreamWriter;

/**
 * Real processes: a writer JVM and reader JVMs share an area; payloads of 0 bytes to over 1 MiB are
 * checked byte for byte; collections run while readers read; a writer killed with SIGKILL is taken
 * over.
 */
@ParameterizedClass
@MethodSource("speculo.tests.Backends#all")
class MultiProcessTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final Backend backend;
    private final String area = "mp-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final List<ChildJvm> children = new ArrayList<>();

    MultiProcessTest(Backend backend) {
        this.backend = backend;
    }

    @AfterEach
    void cleanUp() {
        children.forEach(ChildJvm::close);
        backend.remove(area);
    }

    private ChildJvm child(Class<?> main, String... args) throws Exception {
        ChildJvm child = ChildJvm.start(backend.name(), main, args);
        children.add(child);
        return child;
    }

    /** Waits for the writer to create the area, opens reader processes on it, then lets the writer write. */
    private List<ChildJvm> startReadersThenWriting(ChildJvm writer, int count) throws Exception {
        writer.await("READY", TIMEOUT);
        List<ChildJvm> readers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            readers.add(child(StreamReader.class, area));
        }
        for (ChildJvm reader : readers) {
            reader.await("READY", TIMEOUT);
        }
        writer.send("GO");
        return readers;
    }

    @Test
    void threeReaderProcessesSeeEveryChunkOfAWriterProcessAcrossCollections() throws Exception {
        long count = 2500;
        ChildJvm writer = child(StreamWriter.class, area, String.valueOf(count), "0", "97", "close");
        List<ChildJvm> readers = startReadersThenWriting(writer, 3);
        long gcs = ChildJvm.field(writer.await("DONE", TIMEOUT), "gcs");
        assertTrue(gcs >= count / 97, "the writer collected " + gcs + " times");
        assertEquals(0, writer.exitCode(TIMEOUT));
        for (ChildJvm reader : readers) {
            String result = reader.await("RESULT", TIMEOUT);
            System.out.println("reader " + reader.pid() + ": " + result);
            assertEquals(0, reader.exitCode(TIMEOUT), result);
            assertEquals(0, ChildJvm.field(result, "bad"), result);
            assertEquals(count, ChildJvm.field(result, "read"), "nothing expires, so every chunk is read: " + result);
            assertEquals(0, ChildJvm.field(result, "skipped"), result);
            assertEquals(count, ChildJvm.field(result, "last"), result);
        }
    }

    @Test
    void readersOfShortLivedChunksAccountForEveryChunk() throws Exception {
        long count = 4000;
        ChildJvm writer = child(StreamWriter.class, area, String.valueOf(count), "20", "50", "close");
        List<ChildJvm> readers = startReadersThenWriting(writer, 3);
        writer.await("DONE", TIMEOUT);
        for (ChildJvm reader : readers) {
            String result = reader.await("RESULT", TIMEOUT);
            System.out.println("reader " + reader.pid() + ": " + result);
            assertEquals(0, reader.exitCode(TIMEOUT), result);
            assertEquals(0, ChildJvm.field(result, "bad"), result);
            assertEquals(count, ChildJvm.field(result, "read") + ChildJvm.field(result, "skipped"),
                    "every chunk is either read or counted as skipped: " + result);
        }
    }

    @Test
    void aWriterKilledWithSigkillIsTakenOverAndNothingCommittedIsLost() throws Exception {
        long count = 300;
        ChildJvm writer = child(StreamWriter.class, area, String.valueOf(count), "0", "41", "hang");
        writer.await("READY", TIMEOUT);
        writer.send("GO");
        writer.await("DONE", TIMEOUT);

        Reader survivor = backend.reader(area, ReaderOptions.defaults());
        Chunk firstSeen = survivor.next().orElseThrow();
        AreaBusyException busy = assertThrows(AreaBusyException.class,
                () -> backend.writer(area, WriterOptions.defaults()));
        assertEquals(writer.pid(), busy.writerPid());

        writer.kill9();

        try (Writer successor = backend.writer(area, WriterOptions.defaults());
             Reader fresh = backend.reader(area, ReaderOptions.defaults())) {
            ChunkHandle next = successor.write(new byte[Payloads.size(count + 1)]);
            assertEquals(count + 1, next.id(), "the sequence continues after the last commit");
            assertEquals(count + 1, successor.stats().liveChunks());
            long seq = 0;
            for (Chunk chunk; (chunk = fresh.next().orElse(null)) != null; ) {
                seq++;
                assertEquals(seq, chunk.sequence());
                if (seq <= count) {
                    assertTrue(Payloads.matches(chunk.data(), seq), "chunk " + seq + " survived the kill intact");
                }
            }
            assertEquals(count + 1, seq);

            assertEquals(1, firstSeen.sequence());
            long survivorCount = 1;
            while (survivor.next().isPresent()) {
                survivorCount++;
            }
            assertEquals(count + 1, survivorCount, "a reader open during the kill follows the new writer");
        } finally {
            survivor.close();
        }
    }

    /**
     * Readers killed while the writer recycles generations: 7 processes of 15 readers each, every
     * one killed with SIGKILL wherever its readers are, while a writer in this process streams
     * paced chunks that expire and collects ten times a second. The two surviving reader processes
     * account for every chunk, byte for byte; the dead readers' presences are removed and pin
     * nothing, and the writer keeps taking turns over a few objects.
     */
    @Test
    void readersKilledWhileTheWriterRecyclesPinNothingAndHarmNoOne() throws Exception {
        int victims = 7;
        int readersEach = 15;
        Writer writer = backend.writer(area, WriterOptions.defaults().withInitialCapacity(1 << 20)
                .withMaxCapacity(256L << 20));
        List<ChildJvm> survivors = List.of(child(StreamReader.class, area), child(StreamReader.class, area));
        for (ChildJvm survivor : survivors) {
            survivor.await("READY", TIMEOUT);
        }
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        long[] written = {0};
        Thread stream = Thread.ofPlatform().start(() -> {
            for (long seq = 1; !stop.get(); seq++) {
                byte[] data = new byte[Payloads.size(seq)];
                Payloads.fill(java.lang.foreign.MemorySegment.ofArray(data), seq);
                writer.write(data, Duration.ofMillis(500));
                if (seq % 200 == 0) {
                    writer.collect();
                }
                written[0] = seq;
                java.util.concurrent.locks.LockSupport.parkNanos(500_000); // ~2,000 chunks a second
            }
        });
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < victims; i++) {
            ChildJvm victim = child(speculo.tests.child.ReaderCrowd.class, area, String.valueOf(readersEach));
            victim.await("READY", TIMEOUT);
            Thread.sleep(random.nextInt(0, 150)); // mid-poll, mid-switch or between: wherever each one is
            victim.kill9();
        }
        Thread.sleep(300); // a few more collections, each of which reads the presences
        stop.set(true);
        stream.join();
        List<String> presences = ((speculo.core.StoreBackend) backend).store().list().stream()
                .filter(name -> speculo.core.area.AreaNames.isPresence(area, name)).toList();
        long objects = ((speculo.core.StoreBackend) backend).store().list().stream()
                .filter(name -> speculo.core.area.AreaNames.slotOf(area, name) >= 0).count();
        long collections = writer.stats().gcCount();
        writer.close();
        assertEquals(2, presences.size(), "only the survivors' presences are left: " + presences);
        assertTrue(objects <= 4, objects + " data objects after " + collections + " collections");
        for (ChildJvm reader : survivors) {
            String result = reader.await("RESULT", TIMEOUT);
            assertEquals(0, reader.exitCode(TIMEOUT), result);
            assertEquals(0, ChildJvm.field(result, "bad"), result);
            assertEquals(written[0], ChildJvm.field(result, "read") + ChildJvm.field(result, "skipped"),
                    "every chunk read or counted as expired, after " + victims * readersEach + " readers were killed: "
                            + result);
        }
    }

    @Test
    void readersKilledWithSigkillAtRandomPointsHarmNeitherTheWriterNorTheOtherReaders() throws Exception {
        long count = 3000;
        int victims = 6;
        ChildJvm writer = child(StreamWriter.class, area, String.valueOf(count), "0", "61", "close");
        List<ChildJvm> survivors = startReadersThenWriting(writer, 2);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < victims; i++) {
            ChildJvm victim = child(StreamReader.class, area);
            victim.await("READY", TIMEOUT);
            Thread.sleep(random.nextInt(0, 150)); // mid-poll, mid-switch or between: wherever it is
            victim.kill9();
        }
        writer.await("DONE", TIMEOUT);
        assertEquals(0, writer.exitCode(TIMEOUT));
        for (ChildJvm reader : survivors) {
            String result = reader.await("RESULT", TIMEOUT);
            assertEquals(0, reader.exitCode(TIMEOUT), result);
            assertEquals(0, ChildJvm.field(result, "bad"), result);
            assertEquals(count, ChildJvm.field(result, "read"), "every chunk, after " + victims + " readers were killed: " + result);
        }
        try (Reader late = backend.reader(area, ReaderOptions.defaults())) {
            assertEquals(1, late.next().orElseThrow().sequence(), "the area is whole for a reader that comes later");
        }
    }
}
