package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.Backend;
import speculo.api.Chunk;
import speculo.api.ChunkHandle;
import speculo.api.ChunkNotFoundException;
import speculo.api.GcPolicy;
import speculo.api.Reader;
import speculo.api.Writer;

/** Expiry (R8), on an injected clock. */
@ParameterizedClass
@MethodSource("speculo.tests.Backends#all")
class ExpiryConformanceTest extends ConformanceBase {

    ExpiryConformanceTest(Backend backend) {
        super(backend);
    }

    @Test
    void aCollectionTheCallRunsFirstDoesNotUseUpTheTimeToLive() {
        // Time passes while a call collects: on a clock that moves a second at every look, a chunk
        // given 1.5 s that waited out its collection was published expired, and no reader saw it.
        Duration ttl = Duration.ofMillis(1500);
        assertArrivesAfterTheCollectionItCaused((writer, block) -> writer.write(new byte[10_000], ttl));
        assertArrivesAfterTheCollectionItCaused((writer, block) -> writer.append(MemorySegment.ofArray(new byte[10_000]), ttl));
        assertArrivesAfterTheCollectionItCaused((writer, block) -> writer.claim(10_000, ttl).commit());
        assertArrivesAfterTheCollectionItCaused((writer, block) -> writer.replace(block, new byte[10_000], ttl));
    }

    private void assertArrivesAfterTheCollectionItCaused(BiConsumer<Writer, ChunkHandle> call) {
        String area = newArea();
        Writer writer = writer(area);
        Reader reader = reader(area);
        ChunkHandle block = writer.write(new byte[1000]);
        while (writer.stats().free() > 8_000) {
            writer.write(new byte[1000]);
        }
        drain(reader);
        long collections = writer.stats().gcCount();
        clock.stepOnEveryRead(Duration.ofSeconds(1));
        call.accept(writer, block); // 10,000 bytes do not fit: it collects first
        Optional<Chunk> arrived = reader.next();
        clock.stepOnEveryRead(Duration.ZERO);
        assertEquals(collections + 1, writer.stats().gcCount(), "the call collected");
        assertEquals(10_000, arrived.orElseThrow(() -> new AssertionError("the chunk arrived expired")).size());
    }

    @Test
    void expiredChunksAreNoLongerSeen() {
        String area = newArea();
        Writer writer = writer(area);
        ChunkHandle brief = writer.write(bytes("brief"), Duration.ofSeconds(5));
        writer.write(bytes("lasting"));
        Reader reader = reader(area);
        assertEquals("brief", text(reader.read(brief).orElseThrow()));

        clock.advance(Duration.ofSeconds(5));
        assertEquals(Optional.empty(), reader.read(brief), "expired at exactly its expiry time");
        assertEquals(List.of("lasting"), drain(reader));
        assertEquals(1, reader.skipped());
    }

    @Test
    void chunksCarryTheirExpiry() {
        String area = newArea();
        Writer writer = writer(area);
        Instant at = clock.instant().plusSeconds(60);
        writer.write(bytes("timed"), at);
        writer.write(bytes("forever"));
        Reader reader = reader(area);
        Chunk timed = reader.next().orElseThrow();
        assertEquals(at, timed.expiresAt());
        assertEquals(at.toEpochMilli(), timed.expiresAtMillis());
        Chunk forever = reader.next().orElseThrow();
        assertEquals(Instant.MAX, forever.expiresAt());
    }

    @Test
    void theWriterCountsExpiredBytesAsDeadAndCollectionDropsThem() {
        String area = newArea();
        Writer writer = writer(area);
        for (int i = 0; i < 10; i++) {
            writer.write(new byte[100], Duration.ofSeconds(1 + i));
        }
        writer.write(new byte[100]);
        assertEquals(11, writer.stats().liveChunks());
        clock.advance(Duration.ofMillis(5500));
        var stats = writer.stats();
        assertEquals(5, stats.deadChunks(), "chunks expiring at 1..5 s are dead at 5.5 s");
        assertEquals(6, stats.liveChunks());
        assertEquals(stats.used(), stats.liveBytes() + stats.deadBytes());

        writer.collect();
        var after = writer.stats();
        assertEquals(6, after.liveChunks());
        assertEquals(0, after.deadChunks());
        assertEquals(after.liveBytes(), after.used());
        Reader reader = reader(area);
        assertEquals(6, drain(reader).size());
    }

    /**
     * Both ways of counting: the default policy's writer walks the area when asked; a policy that
     * must be asked after every change keeps an expiry queue (a FIFO ring and a heap).
     */
    @Test
    void expiredChunksAreCountedWhateverOrderTheyExpireIn() {
        for (GcPolicy policy : List.of(GcPolicy.whenFull(), GcPolicy.every(Duration.ofDays(365)))) {
            String area = newArea();
            Writer writer = writer(area, options().withGcPolicy(policy));
            int[] ttls = {5, 1, 9, 3, 3, 7, 2, 8, 8, 4, 6, 1};
            for (int ttl : ttls) {
                writer.write(new byte[10], Duration.ofSeconds(ttl));
            }
            for (int second = 1; second <= 10; second++) {
                clock.advance(Duration.ofSeconds(1));
                int now = second;
                long expected = java.util.Arrays.stream(ttls).filter(ttl -> ttl <= now).count();
                assertEquals(expected, writer.stats().deadChunks(), policy + ": dead after " + second + " s");
                assertEquals(ttls.length - expected, writer.stats().liveChunks());
            }
        }
    }

    @Test
    void anExpiredChunkCanNeitherBeReplacedNorRemoved() {
        String area = newArea();
        Writer writer = writer(area);
        ChunkHandle handle = writer.write(bytes("x"), Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(2));
        assertThrows(ChunkNotFoundException.class, () -> writer.replace(handle, bytes("y")));
        assertFalse(writer.remove(handle));
    }

    @Test
    void expiryMustLieInTheFuture() {
        String area = newArea();
        Writer writer = writer(area);
        assertThrows(IllegalArgumentException.class, () -> writer.write(bytes("x"), clock.instant()));
        assertThrows(IllegalArgumentException.class, () -> writer.write(bytes("x"), Instant.MIN));
        assertThrows(IllegalArgumentException.class, () -> writer.write(bytes("x"), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> writer.write(bytes("x"), Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> writer.claim(1, Duration.ofMillis(-5)));
        ChunkHandle far = writer.write(bytes("far"), Duration.ofDays(365L * 1_000_000_000));
        assertEquals(Instant.MAX, reader(area).read(far).orElseThrow().expiresAt(), "a time beyond epoch-ms range means never");
    }
}
