package speculo.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import speculo.api.ChunkHandle;
import speculo.api.ChunkHandler;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * The reader's hot paths: polling a batch of 64-byte chunks (per chunk), one poll of a stream with
 * nothing new (a spinning reader's loop), and resolving a handle of the current generation and of
 * an older one (through the id index).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class ReadBenchmark {

    private static final int BATCH = 1024;

    @Param({"shm"})
    String backend;

    private Writer writer;
    private Reader reader;
    private String area;
    private final ManualClock clock = new ManualClock(1_000_000);
    private MemorySegment payload;
    private ChunkHandle current;
    private ChunkHandle older;
    /** A reader at the end of the stream, on the system clock, polling a stream where nothing new comes. */
    private Reader idleReader;
    private final ChunkHandler ignore = chunk -> { };

    @Setup(Level.Trial)
    public void open() {
        area = "bench-read-" + ProcessHandle.current().pid();
        writer = Speculo.backend(backend).writer(area, WriterOptions.defaults().withClock(clock)
                .withInitialCapacity(64L << 20).withMaxCapacity(1L << 30));
        reader = Speculo.backend(backend).reader(area, ReaderOptions.defaults().withClock(clock));
        payload = Arena.ofAuto().allocate(64);
        older = writer.write(new byte[64]);
        for (int i = 0; i < 10_000; i++) {
            writer.write(new byte[64]);
        }
        writer.collect();
        current = writer.write(new byte[64]);
        while (reader.poll(chunk -> { }, 1024) > 0) {
            // start at the end of the stream
        }
        idleReader = Speculo.backend(backend).reader(area, ReaderOptions.defaults());
        while (idleReader.poll(chunk -> { }, 1024) > 0) {
            // nothing new from here on
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        idleReader.close();
        reader.close();
        writer.close();
        Speculo.backend(backend).remove(area);
    }

    /** Writes a batch (not measured per chunk in isolation: the reader needs something to read), then polls it. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int writeThenPollBatch(Blackhole hole) {
        clock.tick();
        java.time.Instant expiry = clock.instant().plusMillis(2);
        for (int i = 0; i < BATCH; i++) {
            writer.write(payload, expiry);
        }
        int n = 0;
        int got;
        while ((got = reader.poll(chunk -> hole.consume(chunk.size()), 256)) > 0) {
            n += got;
        }
        return n;
    }

    /** One poll of a stream with nothing new: the loop of a reader spinning on an idle stream. */
    @Benchmark
    public int pollNothingNew() {
        return idleReader.poll(ignore, 256);
    }

    @Benchmark
    public Object readHandleCurrentGeneration() {
        return reader.read(current).orElseThrow();
    }

    @Benchmark
    public Object readHandleOlderGeneration() {
        return reader.read(older).orElseThrow();
    }
}
