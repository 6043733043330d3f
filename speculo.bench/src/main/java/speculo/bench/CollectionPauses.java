package speculo.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import speculo.api.AreaStats;
import speculo.api.Backend;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * How long the writer stops for collections in steady state: appends chunks flat out with a time
 * to live into an area that starts small, polls a reader in between, and reports the distribution
 * of the appends that ran a collection, the collections' count and the area's final capacity.
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar speculo.bench.CollectionPauses
 * [chunk bytes=64] [ttl ms=50] [appends=2000000] [initial capacity bytes=1048576]}.
 */
public final class CollectionPauses {

    /**
     * An append slower than this may have run a collection, and the writer's count is asked then
     * (ns). An append that backs a 64 KiB step takes ~40 µs here; a collection longer. A collection
     * faster than this goes uncounted: the line printed says how many were measured of how many ran.
     */
    private static final long COLLECTION_AT_LEAST = 100_000;

    private CollectionPauses() {
    }

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        Duration ttl = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 50);
        long appends = args.length > 2 ? Long.parseLong(args[2]) : 2_000_000;
        long initial = args.length > 3 ? Long.parseLong(args[3]) : 1 << 20;
        Backend shm = Speculo.backend("shm");
        String area = "pauses-" + ProcessHandle.current().pid();
        Histogram pauses = new Histogram(3_600_000_000_000L, 3);
        try (Writer writer = shm.writer(area, WriterOptions.defaults().withInitialCapacity(initial).withMaxCapacity(8L << 30));
             Reader reader = shm.reader(area, ReaderOptions.defaults())) {
            MemorySegment chunk = Arena.ofAuto().allocate(size);
            long collections = 0;
            long start = System.nanoTime();
            for (long i = 0; i < appends; i++) {
                long before = System.nanoTime();
                writer.append(chunk, ttl);
                long took = System.nanoTime() - before;
                if (took > COLLECTION_AT_LEAST) {
                    // Asked only after a slow append: stats() may walk the area under the default policy.
                    long count = writer.stats().gcCount();
                    if (count > collections) {
                        collections = count;
                        pauses.recordValue(took);
                    }
                }
                reader.poll((c) -> { }, 1024);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            AreaStats stats = writer.stats();
            System.out.printf(Locale.ROOT, "%d appends of %d B (ttl %d ms) in %.2f s: %.0f appends/s; %d of %d collections "
                            + "measured, pause p50 %.1f ms, max %.1f ms; capacity %d bytes, live %d bytes%n", appends, size,
                    ttl.toMillis(), seconds, appends / seconds, pauses.getTotalCount(), stats.gcCount(),
                    pauses.getValueAtPercentile(50) / 1e6, pauses.getMaxValue() / 1e6, stats.capacity(), stats.liveBytes());
        } finally {
            shm.remove(area);
        }
    }
}
