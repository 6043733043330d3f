package speculo.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import speculo.api.Backend;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * How long one {@code append} takes when the writer is not flat out: appends chunks at a fixed
 * rate (spinning in between, as a latency-minded writer does) into a 64 MiB area with a time to
 * live, and reports the distribution of the append calls, collections included. No reader: this
 * is the writer's own cost, the part of one-way latency spent before the commit.
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar speculo.bench.AppendLatency
 * [chunk bytes=1048576] [appends per second=200] [seconds=10] [ttl ms=200]}; add
 * {@code -Dspeculo.writer.backAhead=false} to back pages on the writer's thread only.
 */
public final class AppendLatency {

    private AppendLatency() {
    }

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 20;
        long perSecond = args.length > 1 ? Long.parseLong(args[1]) : 200;
        long seconds = args.length > 2 ? Long.parseLong(args[2]) : 10;
        Duration ttl = Duration.ofMillis(args.length > 3 ? Long.parseLong(args[3]) : 200);
        long appends = perSecond * seconds;
        long warmup = appends / 5;
        Backend shm = Speculo.backend("shm");
        String area = "append-latency-" + ProcessHandle.current().pid();
        Histogram took = new Histogram(3_600_000_000_000L, 3);
        try (Writer writer = shm.writer(area, WriterOptions.defaults().withInitialCapacity(64L << 20).withMaxCapacity(8L << 30))) {
            MemorySegment chunk = Arena.ofAuto().allocate(size, 64);
            long start = System.nanoTime();
            for (long i = 0; i < appends; i++) {
                long due = start + i * 1_000_000_000L / perSecond;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                long before = System.nanoTime();
                writer.append(chunk, ttl);
                if (i >= warmup) {
                    took.recordValue(System.nanoTime() - before);
                }
            }
            System.out.printf(Locale.ROOT, "%d appends of %d B at %d/s (backAhead=%s): p50 %.1f us, p90 %.1f us, p99 %.1f us,"
                            + " max %.1f us; %d collections%n", appends - warmup, size, perSecond,
                    System.getProperty("speculo.writer.backAhead", "true"), took.getValueAtPercentile(50) / 1e3,
                    took.getValueAtPercentile(90) / 1e3, took.getValueAtPercentile(99) / 1e3, took.getMaxValue() / 1e3,
                    writer.stats().gcCount());
        } finally {
            shm.remove(area);
        }
    }
}
