package speculo.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import speculo.api.AreaStats;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * {@code Writer.stats()} under the default policy, which counts on demand: a 64 MiB generation of
 * 64-byte chunks with a time to live, nine in ten of them expired (a stream shortly before its
 * next collection), as a monitor polling the writer sees it. The time is the writer's: it is not
 * appending meanwhile. With {@code collectedFirst}, the writer collected the area a few times
 * before the chunks expired, as a writer up for a while has: its log of the stream ({@code
 * RecordLog}, DECISIONS 34) then reaches back over the live chunks, which are counted from it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class StatsBenchmark {

    @Param({"shm"})
    String backend;

    @Param({"false", "true"})
    boolean collectedFirst;

    private Writer writer;
    private String area;
    private final ManualClock clock = new ManualClock(1_000_000);

    @Setup(Level.Trial)
    public void open() {
        area = "bench-stats-" + ProcessHandle.current().pid();
        writer = Speculo.backend(backend).writer(area, WriterOptions.defaults().withClock(clock)
                .withInitialCapacity(64L << 20).withMaxCapacity(64L << 20));
        MemorySegment payload = Arena.ofAuto().allocate(64);
        long perBatch = (56L << 20) / 96 / 10; // about 56 MiB of records in all: the area does not collect
        for (int batch = 0; batch < 10; batch++) {
            clock.tick(); // ten batches, a millisecond apart
            for (long i = 0; i < perBatch; i++) {
                writer.append(payload, Duration.ofMillis(10));
            }
        }
        int collections = collectedFirst ? 6 : 0; // each doubles the writer's log, 4,096 records at first
        for (int i = 0; i < collections; i++) {
            writer.collect(); // nothing has expired yet: every collection copies all
        }
        for (int i = 0; i < 9; i++) {
            clock.tick(); // batch b (0-9) expires 10 ms after it was written: now the first nine have
        }
        AreaStats stats = writer.stats();
        if (stats.gcCount() != collections || stats.deadChunks() != 9 * perBatch) {
            throw new IllegalStateException("not the state to measure: " + stats);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        writer.close();
        Speculo.backend(backend).remove(area);
    }

    @Benchmark
    public AreaStats stats() {
        return writer.stats();
    }
}
