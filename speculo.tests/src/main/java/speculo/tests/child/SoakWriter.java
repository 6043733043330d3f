package speculo.tests.child;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import speculo.api.ChunkHandle;
import speculo.api.ChunkNotFoundException;
import speculo.api.Claim;
import speculo.api.GcPolicy;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * Child process: the writer of the soak. Arguments: {@code AREA SECONDS}. Prints {@code READY},
 * waits for a line on standard input, then for SECONDS writes {@link SelfChecking} chunks of 16 B
 * to 3 MiB — up to 500 blocks that never expire, and stream chunks that expire within two seconds,
 * so the live data stays bounded however long the soak runs — replaces and removes blocks, and
 * collects every 300 ms; then closes the area and prints
 * {@code DONE written=N replaced=N removed=N gcs=N bytes=N}.
 */
public final class SoakWriter {

    private SoakWriter() {
    }

    public static void main(String[] args) throws Exception {
        String area = args[0];
        long end;
        SplittableRandom random = new SplittableRandom();
        long written = 0;
        long replaced = 0;
        long removed = 0;
        long bytes = 0;
        long gcs;
        try (Writer writer = Speculo.writer(area, WriterOptions.defaults().withInitialCapacity(1 << 20)
                .withMaxCapacity(512L << 20).withGcPolicy(GcPolicy.deadRatioAtLeast(0.6)))) {
            System.out.println("READY");
            System.out.flush();
            new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
            end = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[1])).toNanos();
            long nextCollect = System.nanoTime();
            List<ChunkHandle> blocks = new ArrayList<>();
            while (System.nanoTime() < end) {
                int dice = random.nextInt(100);
                int size = random.nextInt(1000) < 3 ? 1 + random.nextInt(3 << 20) : random.nextInt(8192);
                size = Math.max(SelfChecking.MIN_SIZE, size);
                // A chunk that is not kept as a block must expire: untracked chunks that never expire
                // would pile up until the area's maximum capacity (a 60 s soak reached 512 MiB).
                boolean block = dice % 3 != 0 && blocks.size() < 500;
                Duration ttl = block ? null : Duration.ofMillis(200 + random.nextInt(1800));
                if (dice < 70 || blocks.isEmpty()) {
                    ChunkHandle handle;
                    try (Claim claim = ttl == null ? writer.claim(size) : writer.claim(size, ttl)) {
                        SelfChecking.fill(claim.segment(), random.nextLong());
                        handle = claim.commit();
                    }
                    if (block) {
                        blocks.add(handle);
                    }
                    written++;
                } else if (dice < 90) {
                    int index = random.nextInt(blocks.size());
                    byte[] data = new byte[size];
                    SelfChecking.fill(MemorySegment.ofArray(data), random.nextLong());
                    try {
                        blocks.set(index, writer.replace(blocks.get(index), data));
                        replaced++;
                    } catch (ChunkNotFoundException gone) {
                        blocks.remove(index);
                    }
                } else {
                    writer.remove(blocks.remove(random.nextInt(blocks.size())));
                    removed++;
                }
                bytes += size;
                if (System.nanoTime() >= nextCollect) {
                    writer.collect();
                    nextCollect = System.nanoTime() + 300_000_000L;
                }
            }
            gcs = writer.stats().gcCount();
        }
        System.out.println("DONE written=" + written + " replaced=" + replaced + " removed=" + removed + " gcs=" + gcs
                + " bytes=" + bytes);
    }
}
