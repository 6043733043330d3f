package speculo.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
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
import speculo.api.ChunkHandle;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * The collector: one collection of a 64 MiB area of 4 KiB chunks with 10 %, 50 % or 90 % of them
 * live, against the floor of copying the live bytes into fresh memory. Divide the live bytes
 * (6.4, 32, 57.6 MiB) by the time for the copy rate.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class CollectBenchmark {

    private static final long AREA_BYTES = 64L << 20;
    private static final int CHUNK = 4096;

    @Param({"10", "50", "90"})
    int livePercent;

    @Param({"shm"})
    String backend;

    private Writer writer;
    private String area;
    private MemorySegment source;
    private Arena floorArena;

    @Setup(Level.Invocation)
    public void fill() {
        area = "bench-gc-" + ProcessHandle.current().pid();
        writer = Speculo.backend(backend).writer(area, WriterOptions.defaults()
                .withInitialCapacity(AREA_BYTES + (16 << 20)).withMaxCapacity(1L << 30));
        List<ChunkHandle> handles = new ArrayList<>();
        byte[] data = new byte[CHUNK - 40];
        for (long written = 0; written + CHUNK <= AREA_BYTES; written += CHUNK) {
            handles.add(writer.write(data));
        }
        for (int i = 0; i < handles.size(); i++) {
            if (i % 100 >= livePercent) {
                writer.remove(handles.get(i));
            }
        }
        floorArena = Arena.ofConfined();
        source = floorArena.allocate(AREA_BYTES * livePercent / 100, 4096);
    }

    @TearDown(Level.Invocation)
    public void close() {
        writer.close();
        Speculo.backend(backend).remove(area);
        floorArena.close();
    }

    @Benchmark
    public void collect() {
        writer.collect();
    }

    /** The floor: copy the live bytes into freshly mapped memory (page faults included, as for a new generation). */
    @Benchmark
    public long floorCopyLiveBytes() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment target = arena.allocate(source.byteSize(), 4096);
            MemorySegment.copy(source, 0, target, 0, source.byteSize());
            return target.byteSize();
        }
    }
}
