package speculo.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import speculo.api.Backend;
import speculo.api.ChunkHandle;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * Compiles the collector before a benchmark's writer starts, as in a writer that has been up for
 * a while. C2 compiles a method after some 600 calls ({@code Tier4MinInvocationThreshold}); a
 * writer collecting five times a second gets there in two minutes, and the twenty warm-up
 * collections the harnesses once ran on their measured writer alone left
 * the collector's own code interpreted or at C1, all but its hottest loops. Not on the measured
 * writer: at 64 KiB and more, a thousand collections of its live data would outlast the warm-up,
 * and the measured part would start with the writer catching up.
 */
public final class CollectorWarmUp {

    /** Collections run, each of a small stream. */
    static final int COLLECTIONS = 1000;

    private CollectorWarmUp() {
    }

    /**
     * Runs {@value #COLLECTIONS} collections of a small stream with a time to live on {@code area}
     * of {@code backend}, a chunk removed from the middle of each batch so that both the
     * collector's plain path and its walk are compiled; then removes the area.
     */
    public static void run(Backend backend, String area) {
        try (Writer writer = backend.writer(area, WriterOptions.defaults())) {
            MemorySegment chunk = Arena.ofAuto().allocate(64);
            for (int round = 0; round < COLLECTIONS; round++) {
                ChunkHandle removed = null;
                for (int i = 0; i < 200; i++) {
                    if (i == 100) {
                        removed = writer.write(chunk, Duration.ofMillis(1));
                    } else {
                        writer.append(chunk, Duration.ofMillis(1));
                    }
                }
                writer.remove(removed);
                writer.collect();
            }
        } finally {
            backend.remove(area);
        }
    }
}
