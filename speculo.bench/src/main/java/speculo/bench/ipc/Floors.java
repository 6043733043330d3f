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
 * bounced between two processes, and the bandwidth of a plain memory copy. The ping-pong also
 * comes in a two-line form, the floor of a protocol that publishes a record through a separate
 * tail word (speculo's and Agrona's): each side writes a record line, then releases a counter in
 * another line; the other side acquires the counter, then reads the record.
 */
final class Floors {

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    /** Where the ping side's counter, the pong side's counter, and their record lines are in the shared page. */
    private static final long PING = 0;
    private static final long PONG = 64;
    private static final long PING_RECORD = 128;
    private static final long PONG_RECORD = 192;

    private Floors() {
    }

    /**
     * Bounces a counter through a shared page with a {@code pong} child process.
     *
     * @param lines 1: the counter alone; 2: a record line written before each counter and read after it
     * @return the one-way latency (half of each round trip) at {@link Measure#PERCENTILES}, ns
     */
    static double[] pingPong(long rounds, int lines) throws Exception {
        Path file = Path.of("/dev/shm", "speculo-pingpong-" + ProcessHandle.current().pid());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE); Arena arena = Arena.ofShared()) {
            channel.write(ByteBuffer.allocate(4096), 0);
            MemorySegment line = channel.map(FileChannel.MapMode.READ_WRITE, 0, 4096, arena);
            Process pong = Children.start("pong", file.toString(), rounds, lines);
            Histogram histogram = new Histogram(3_600_000_000_000L, 3);
            for (long i = 1; i <= rounds; i++) {
                long start = System.nanoTime();
                if (lines == 2) {
                    LONG.set(line, PING_RECORD, 2 * i - 1);
                }
                LONG.setRelease(line, PING, 2 * i - 1);
                while ((long) LONG.getAcquire(line, PONG) != 2 * i) {
                    Thread.onSpinWait();
                }
                if (lines == 2) {
                    checkRecord(line, PONG_RECORD, 2 * i);
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
    static void pong(String file, long rounds, int lines) throws IOException {
        try (FileChannel channel = FileChannel.open(Path.of(file), StandardOpenOption.READ, StandardOpenOption.WRITE);
             Arena arena = Arena.ofShared()) {
            MemorySegment line = channel.map(FileChannel.MapMode.READ_WRITE, 0, 4096, arena);
            for (long i = 1; i <= rounds; i++) {
                while ((long) LONG.getAcquire(line, PING) != 2 * i - 1) {
                    Thread.onSpinWait();
                }
                if (lines == 2) {
                    checkRecord(line, PING_RECORD, 2 * i - 1);
                    LONG.set(line, PONG_RECORD, 2 * i);
                }
                LONG.setRelease(line, PONG, 2 * i);
            }
        }
    }

    /** Reads a record line as a reader would after acquiring its counter; the value must be there. */
    private static void checkRecord(MemorySegment line, long offset, long expected) {
        long value = (long) LONG.get(line, offset);
        if (value != expected) {
            throw new IllegalStateException("record " + value + " at " + offset + ", expected " + expected);
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
