package speculo.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Instant;
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
import speculo.api.Claim;
import speculo.api.GcPolicy;
import speculo.api.ChunkHandle;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * The writer's hot path: write (copy, returning a handle), append (copy, returning the sequence)
 * and claim+commit of one chunk, against the floor of the same
 * work done by hand on a mapped segment — copy the bytes, then one release store.
 *
 * <p>Chunks expire after 4,096 operations (on a clock the benchmark ticks), so the area stays small
 * and each collection that a full area triggers copies only what is still live.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class WriteBenchmark {

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    @Param({"8", "64", "1024", "65536"})
    int size;

    @Param({"shm"})
    String backend;

    /**
     * {@code whenFull}: the default, for which the writer skips building statistics after each change;
     * {@code deadRatio}: a policy that must be asked, so each change builds an {@code AreaStats} — the
     * path every write took before that shortcut.
     */
    @Param({"whenFull", "deadRatio"})
    String policy;

    private final ManualClock clock = new ManualClock(1_000_000);
    private Writer writer;
    private String area;
    private MemorySegment payload;
    private Instant expiry;
    private long operations;

    private Arena floorArena;
    private MemorySegment floor;
    private long floorTail;

    @Setup(Level.Trial)
    public void open() {
        area = "bench-write-" + ProcessHandle.current().pid();
        writer = Speculo.backend(backend).writer(area, WriterOptions.defaults().withClock(clock)
                .withInitialCapacity(64L << 20).withMaxCapacity(1L << 30)
                .withGcPolicy(policy.equals("whenFull") ? GcPolicy.whenFull() : GcPolicy.deadRatioAtLeast(0.99)));
        payload = Arena.ofAuto().allocate(size);
        expiry = clock.instant().plusMillis(4096);
        floorArena = Arena.ofShared();
        floor = floorArena.allocate(64L << 20, 4096);
    }

    @TearDown(Level.Trial)
    public void close() {
        writer.close();
        Speculo.backend(backend).remove(area);
        floorArena.close();
    }

    private void tick() {
        clock.tick();
        if ((++operations & 1023) == 0) {
            expiry = clock.instant().plusMillis(4096);
        }
    }

    @Benchmark
    public ChunkHandle write() {
        tick();
        return writer.write(payload, expiry);
    }

    /** {@code append}: the same copy, returning the sequence number instead of a handle (no allocation). */
    @Benchmark
    public long append() {
        tick();
        return writer.append(payload, expiry);
    }

    @Benchmark
    public ChunkHandle claimCommit() {
        tick();
        try (Claim claim = writer.claim(size, expiry)) {
            claim.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
            return claim.commit();
        }
    }

    /** The floor: copy the bytes and a 40-byte header into shared memory, then one release store. */
    @Benchmark
    public long floorCopyAndRelease() {
        long need = (40 + size + 7) & ~7L;
        if (floorTail + need > floor.byteSize() - 64) {
            floorTail = 0;
        }
        long at = 64 + floorTail;
        floor.set(ValueLayout.JAVA_LONG, at, size);
        floor.set(ValueLayout.JAVA_LONG, at + 8, operations);
        MemorySegment.copy(payload, 0, floor, at + 40, size);
        floorTail += need;
        LONG.setRelease(floor, 0L, floorTail);
        return floorTail;
    }
}
