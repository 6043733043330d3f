package speculo.bench.ipc;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.HdrHistogram.Histogram;

/**
 * The machine's own limits, which no transport can beat: the one-way latency of a cache line
 * bounced between two processes, and the bandwidth of a plain memory copy.
 */
final class Floors {

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private Floors() {
    }

    /**
     * Bounces a counter through a shared page with a {@code pong} child process.
     *
     * @return the one-way latency (half of each round trip) at {@link Measure#PERCENTILES}, ns
     */
    static double[] pingPong(long rounds) throws Exception {
        Path file = Path.of("/dev/shm", "speculo-pingpong-" + ProcessHandle.current().pid());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE); Arena arena = Arena.ofShared()) {
            channel.write(ByteBuffer.allocate(4096), 0);
            MemorySegment line = channel.map(FileChannel.MapMode.READ_WRITE, 0, 4096, arena);
            Process pong = Children.start("pong", file.toString(), rounds);
            Histogram histogram = new Histogram(3_600_000_000_000L, 3);
            for (long i = 1; i <= rounds; i++) {
                long start = System.nanoTime();
                LONG.setRelease(line, 0L, 2 * i - 1);
                while ((long) LONG.getAcquire(line, 64L) != 2 * i) {
                    Thread.onSpinWait();
                }
                histogram.recordValue((System.nanoTime() - start) / 2);
            }
            pong.waitFor();
            double[] distribution = new double[Measure.PERCENTILES.length];
            for (int i = 0; i < distribution.length; i++) {
                distribution[i] = histogram.getValueAtPercentile(Measure.PERCENTILES[i]);
            }
            return distribution;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The other end of {@link #pingPong}: answers each odd counter with the next even one. */
    static void pong(String file, long rounds) throws IOException {
        try (FileChannel channel = FileChannel.open(Path.of(file), StandardOpenOption.READ, StandardOpenOption.WRITE);
             Arena arena = Arena.ofShared()) {
            MemorySegment line = channel.map(FileChannel.MapMode.READ_WRITE, 0, 4096, arena);
            for (long i = 1; i <= rounds; i++) {
                while ((long) LONG.getAcquire(line, 0L) != 2 * i - 1) {
                    Thread.onSpinWait();
                }
                LONG.setRelease(line, 64L, 2 * i);
            }
        }
    }

    /**
     * Copies {@code chunk}-byte blocks from one 256 MiB native buffer to another (far beyond the
     * caches) for about {@code millis}, after a warm-up.
     *
     * @return bytes copied per second
     */
    static double copyBandwidth(int chunk, long millis) {
        long span = 256L << 20;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment from = arena.allocate(span, 4096).fill((byte) 1);
            MemorySegment to = arena.allocate(span, 4096).fill((byte) 2);
            copyFor(from, to, chunk, millis / 4);
            long start = System.nanoTime();
            long copied = copyFor(from, to, chunk, millis);
            return copied * 1e9 / (System.nanoTime() - start);
        }
    }

    private static long copyFor(MemorySegment from, MemorySegment to, int chunk, long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long copied = 0;
        long at = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 16; i++) {
                if (at + chunk > from.byteSize()) {
                    at = 0;
                }
                MemorySegment.copy(from, at, to, at, chunk);
                at += chunk;
                copied += chunk;
            }
        }
        return copied;
    }
}
