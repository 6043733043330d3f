package speculo.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import speculo.api.AreaStats;
import speculo.api.Backend;
import speculo.api.ChunkHandle;
import speculo.api.GcPolicy;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * How long one {@code append} takes when the writer is not flat out: appends chunks at a fixed
 * rate (spinning in between, as a latency-minded writer does) into a 64 MiB area with a time to
 * live, and reports the distribution of the append calls, collections included (the
 * collector's code compiled first on an area of its own, and twenty explicit collections during
 * the warm-up fifth). No reader: this
 * is the writer's own cost, the part of one-way latency spent before the commit. Also reports the
 * appends that ran a collection: their pause, the live bytes each copied, and that copy rate
 * against a plain memory copy of 1 MiB blocks measured in the same run (the GC copy-rate goal).
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar speculo.bench.AppendLatency
 * [chunk bytes=1048576] [appends per second=200] [seconds=10] [ttl ms=200] [collect every ms=0]
 * [blocks=0] [other ttl ms=ttl]} (collect every: a policy that also collects on a timer, as the
 * demo's writer does; 0: the default policy, collect when full; blocks: shared blocks that never
 * expire, each replaced four times a second between the appends, as in the demo; other ttl: every
 * other chunk's time to live, for a stream whose expiries are not in order); add
 * {@code -Dspeculo.writer.backAhead=true|false} to have pages backed ahead on a helper thread or
 * not (default: where the JVM has more than two processors), {@code -Dspeculo.writer.standby=false}
 * to have each collection create its generation instead of taking one prepared ahead.
 */
public final class AppendLatency {

    /**
     * An append that took longer may have run a collection, and {@code stats()} is asked (only
     * then: under the default policy it walks the area). No collection here takes less: the live
     * data of the smallest setting (4 MB) alone takes ~190 µs to copy. The output says how many
     * collections ran in all, so one missed would show.
     */
    private static final long COLLECTION_AT_LEAST = 100_000;

    private AppendLatency() {
    }

    /** {@return GB/s of a plain copy between two warm 64 MiB native buffers in 1 MiB blocks} */
    private static double memoryCopyGBs() {
        long length = 64L << 20;
        int block = 1 << 20;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment from = arena.allocate(length, 4096).fill((byte) 1);
            MemorySegment to = arena.allocate(length, 4096).fill((byte) 2);
            double best = 0;
            for (int round = 0; round < 5; round++) {
                long begin = System.nanoTime();
                for (long at = 0; at < length; at += block) {
                    MemorySegment.copy(from, at, to, at, block);
                }
                best = Math.max(best, length / (double) (System.nanoTime() - begin));
            }
            return best;
        }
    }

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 20;
        long perSecond = args.length > 1 ? Long.parseLong(args[1]) : 200;
        long seconds = args.length > 2 ? Long.parseLong(args[2]) : 10;
        Duration ttl = Duration.ofMillis(args.length > 3 ? Long.parseLong(args[3]) : 200);
        long collectEveryMs = args.length > 4 ? Long.parseLong(args[4]) : 0;
        GcPolicy policy = collectEveryMs > 0
                ? GcPolicy.anyOf(GcPolicy.whenFull(), GcPolicy.every(Duration.ofMillis(collectEveryMs))) : GcPolicy.whenFull();
        int blocks = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        Duration otherTtl = args.length > 6 ? Duration.ofMillis(Long.parseLong(args[6])) : ttl;
        long appends = perSecond * seconds;
        long warmup = appends / 5;
        Backend shm = Speculo.backend("shm");
        String area = "append-latency-" + ProcessHandle.current().pid();
        Histogram took = new Histogram(3_600_000_000_000L, 3);
        Histogram pauses = new Histogram(3_600_000_000_000L, 3);
        long copied = 0;
        long copyNanos = 0;
        CollectorWarmUp.run(shm, area + "-warm-up");
        try (Writer writer = shm.writer(area, WriterOptions.defaults().withInitialCapacity(64L << 20).withMaxCapacity(8L << 30)
                .withGcPolicy(policy))) {
            MemorySegment chunk = Arena.ofAuto().allocate(size, 64);
            ChunkHandle[] handles = new ChunkHandle[blocks];
            for (int b = 0; b < blocks; b++) {
                handles[b] = writer.write(new byte[256]);
            }
            long replaceEvery = blocks == 0 ? Long.MAX_VALUE : Math.max(1, perSecond / (4L * blocks));
            long collections = 0;
        long collectionsAtWarmup = 0;
            long start = System.nanoTime();
            for (long i = 0; i < appends; i++) {
                long due = start + i * 1_000_000_000L / perSecond;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                if (i % replaceEvery == replaceEvery - 1) {
                    int b = (int) (i / replaceEvery % blocks);
                    handles[b] = writer.replace(handles[b], new byte[256]); // not timed: the appends are
                }
                long before = System.nanoTime();
                writer.append(chunk, (i & 1) == 0 ? ttl : otherTtl);
                long nanos = System.nanoTime() - before;
                if (i < warmup) {
                    if (i % Math.max(1, warmup / 20) == 0) {
                        writer.collect(); // so that measured collections run compiled code, as in a writer up for a while
                    }
                    continue;
                }
                if (i == warmup) {
                    collections = writer.stats().gcCount();
                    collectionsAtWarmup = collections;
                }
                took.recordValue(nanos);
                if (nanos > COLLECTION_AT_LEAST) {
                    // Only now: stats() walks the area under the default policy.
                    AreaStats stats = writer.stats();
                    if (stats.gcCount() > collections) {
                        pauses.recordValue(nanos);
                        copied += stats.liveBytes() - size; // what was copied; the chunk came after
                        copyNanos += nanos;
                    }
                    collections = stats.gcCount();
                }
            }
            System.out.printf(Locale.ROOT, "%d appends of %d B at %d/s (ttl %s/%s ms, %s, backAhead=%s, standby=%s): p50 %.1f us,"
                            + " p90 %.1f us, p99 %.1f us, max %.1f us%n", appends - warmup, size, perSecond, ttl.toMillis(),
                    otherTtl.toMillis(),
                    collectEveryMs > 0 ? "collect when full or every " + collectEveryMs + " ms" : "collect when full",
                    System.getProperty("speculo.writer.backAhead", "default"),
                    System.getProperty("speculo.writer.standby", "default"), took.getValueAtPercentile(50) / 1e3,
                    took.getValueAtPercentile(90) / 1e3, took.getValueAtPercentile(99) / 1e3, took.getMaxValue() / 1e3);
            long ran = writer.stats().gcCount() - collectionsAtWarmup;
            if (pauses.getTotalCount() > 0) {
                System.out.printf(Locale.ROOT, "  %d of %d collections measured: pause p50 %.2f ms, max %.2f ms; %.1f MB copied each"
                                + " on average, %.2f GB/s (memory copy, 1 MiB blocks: %.2f GB/s)%n", pauses.getTotalCount(), ran,
                        pauses.getValueAtPercentile(50) / 1e6, pauses.getMaxValue() / 1e6,
                        copied / 1e6 / pauses.getTotalCount(), copied / (double) copyNanos, memoryCopyGBs());
            }
        } finally {
            shm.remove(area);
        }
    }
}
