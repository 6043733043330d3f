package speculo.cli.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import speculo.api.AreaStats;
import speculo.api.ChunkHandle;
import speculo.api.Claim;
import speculo.api.GcPolicy;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * The demo's writer process: a stream of sensor readings that expire after a second, plus a few
 * shared blocks replaced four times a second. Prints its handles and statistics on standard output.
 */
@Command(name = "demo-writer", hidden = true, description = "The writer process of the demo.")
public final class DemoWriterProcess implements Runnable {

    static final int BLOCKS = 4;

    @Parameters(index = "0", description = "Area name.")
    String area;

    @Option(names = "--seconds", defaultValue = "15")
    long seconds;

    @Option(names = "--rate", defaultValue = "50000", description = "Chunks per second.")
    long rate;

    @Override
    public void run() {
        WriterOptions options = WriterOptions.defaults()
                .withInitialCapacity(8 << 20)
                .withMaxCapacity(512L << 20)
                .withGcPolicy(GcPolicy.anyOf(GcPolicy.deadRatioAtLeast(0.6), GcPolicy.every(Duration.ofSeconds(1))));
        try (Writer writer = Speculo.writer(area, options)) {
            List<ChunkHandle> blocks = new ArrayList<>();
            for (int b = 0; b < BLOCKS; b++) {
                blocks.add(write(writer, 256, b, 0, null));
            }
            System.out.println("BLOCKS " + blocks.stream().map(ChunkHandle::toString).collect(Collectors.joining(" ")));
            System.out.flush();

            long start = System.nanoTime();
            long end = start + Duration.ofSeconds(seconds).toNanos();
            long written = 0;
            long version = 0;
            long nextReport = start;
            long nextReplace = start;
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (System.nanoTime() < end) {
                // At most 4,096 chunks before looking at the clock again: a writer that waited for
                // a core catches up in bursts, and reports on time between them.
                long due = Math.min((System.nanoTime() - start) * rate / 1_000_000_000L, written + 4096);
                while (written < due) {
                    int size = random.nextInt(100) < 2 ? 16_384 + random.nextInt(49_152) : 64 + random.nextInt(960);
                    write(writer, size, written % 16, written, Duration.ofSeconds(1));
                    written++;
                }
                long now = System.nanoTime();
                if (now >= nextReplace) {
                    version++;
                    for (int b = 0; b < BLOCKS; b++) {
                        blocks.set(b, writer.replace(blocks.get(b), block(256, b, version)));
                    }
                    nextReplace = now + 250_000_000L;
                }
                if (now >= nextReport) {
                    report(writer.stats(), written);
                    nextReport = now + 500_000_000L;
                }
                LockSupport.parkNanos(200_000);
            }
            report(writer.stats(), written);
            System.out.println("WRITER-DONE written=" + written);
            System.out.flush();
        }
    }

    private static ChunkHandle write(Writer writer, int size, long sensor, long counter, Duration ttl) {
        try (Claim claim = ttl == null ? writer.claim(size) : writer.claim(size, ttl)) {
            SensorRecord.fill(claim.segment(), sensor, counter);
            return claim.commit();
        }
    }

    private static byte[] block(int size, long number, long version) {
        byte[] bytes = new byte[size];
        SensorRecord.fill(java.lang.foreign.MemorySegment.ofArray(bytes), number, version);
        return bytes;
    }

    private static void report(AreaStats stats, long written) {
        System.out.println("WRITER written=" + written + " generation=" + stats.generation() + " gcs=" + stats.gcCount()
                + " lastGcMicros=" + stats.lastGcDuration().toNanos() / 1000 + " live=" + stats.liveBytes()
                + " dead=" + stats.deadBytes() + " capacity=" + stats.capacity());
        System.out.flush();
    }
}
