package speculo.cli.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import speculo.api.Chunk;
import speculo.api.ChunkHandle;
import speculo.api.Reader;
import speculo.api.Speculo;

/**
 * The demo's reader process: follows the stream, verifies every chunk's checksum, measures the
 * one-way latency from the writer's timestamp, and reads the shared blocks through the handles it
 * gets on standard input. Prints statistics on standard output.
 */
@Command(name = "demo-reader", hidden = true, description = "A reader process of the demo.")
public final class DemoReaderProcess implements Runnable {

    @Parameters(index = "0", description = "Area name.")
    String area;

    private long chunks;
    private long bytes;
    private long bad;
    private final Histogram latency = new Histogram(60_000_000_000L, 2);

    @Override
    public void run() {
        List<ChunkHandle> blocks = readBlockHandles();
        long[] blockVersions = new long[blocks.size()];
        long blockReads = 0;
        try (Reader reader = Speculo.reader(area)) {
            System.out.println("READY");
            System.out.flush();
            long nextReport = System.nanoTime();
            long nextBlocks = nextReport;
            int idle = 0;
            while (!reader.isEndOfStream()) {
                int n = reader.poll(this::onChunk, 256);
                long now = System.nanoTime();
                if (now >= nextBlocks) {
                    for (int b = 0; b < blocks.size(); b++) {
                        var block = reader.read(blocks.get(b));
                        if (block.isPresent()) {
                            Chunk chunk = block.get();
                            long version = SensorRecord.counter(chunk.data());
                            if (!SensorRecord.verify(chunk.data()) || version < blockVersions[b]) {
                                bad++;
                            }
                            blockVersions[b] = version;
                            blockReads++;
                        }
                    }
                    nextBlocks = now + 100_000_000L;
                }
                if (now >= nextReport) {
                    report("READER", reader, blockReads);
                    nextReport = now + 500_000_000L;
                }
                idle = n > 0 ? 0 : idle + 1;
                if (idle > 200) {
                    LockSupport.parkNanos(20_000);
                } else if (idle > 0) {
                    Thread.onSpinWait();
                }
            }
            report("READER-DONE", reader, blockReads);
        }
    }

    private void onChunk(Chunk chunk) {
        var data = chunk.data();
        if (!SensorRecord.verify(data)) {
            bad++;
        }
        latency.recordValue(Math.max(0, Math.min(latency.getHighestTrackableValue(), System.nanoTime() - SensorRecord.timestamp(data))));
        chunks++;
        bytes += chunk.size();
    }

    private void report(String kind, Reader reader, long blockReads) {
        System.out.println(kind + " chunks=" + chunks + " bytes=" + bytes + " bad=" + bad + " skipped=" + reader.skipped()
                + " p50=" + latency.getValueAtPercentile(50) + " p99=" + latency.getValueAtPercentile(99)
                + " blocks=" + blockReads + " generation=" + reader.generation());
        System.out.flush();
        latency.reset();
    }

    private static List<ChunkHandle> readBlockHandles() {
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            List<ChunkHandle> handles = new ArrayList<>();
            if (line != null && line.startsWith("BLOCKS ")) {
                for (String text : line.substring("BLOCKS ".length()).split(" ")) {
                    handles.add(ChunkHandle.parse(text));
                }
            }
            return handles;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
