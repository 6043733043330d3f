package speculo.tests.child;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import speculo.api.ChunkHandle;
import speculo.api.Claim;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * Child process: the writer of a multi-process test.
 *
 * <p>Arguments: {@code AREA COUNT TTL_MS COLLECT_EVERY MODE}. Opens (creates) a new area, prints {@code READY},
 * waits for a line on standard input, then writes chunks with sequence 1..COUNT (contents from
 * {@link Payloads}), alternating copy writes and claims, expiring after TTL_MS (0 = never),
 * forcing a collection every COLLECT_EVERY chunks. MODE {@code close} closes the area and prints
 * {@code DONE}; MODE {@code hang} prints {@code DONE} and then waits to be killed.
 */
public final class StreamWriter {

    private StreamWriter() {
    }

    public static void main(String[] args) throws Exception {
        String area = args[0];
        long count = Long.parseLong(args[1]);
        long ttlMillis = Long.parseLong(args[2]);
        long collectEvery = Long.parseLong(args[3]);
        boolean hang = args[4].equals("hang");
        Duration ttl = ttlMillis == 0 ? null : Duration.ofMillis(ttlMillis);
        WriterOptions options = WriterOptions.defaults().withInitialCapacity(256 * 1024).withMaxCapacity(256L << 20);
        Writer writer = Speculo.writer(area, options);
        System.out.println("READY");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        for (long seq = 1; seq <= count; seq++) {
            int size = Payloads.size(seq);
            ChunkHandle handle;
            if ((seq & 1) == 0) {
                byte[] data = new byte[size];
                Payloads.fill(java.lang.foreign.MemorySegment.ofArray(data), seq);
                handle = ttl == null ? writer.write(data) : writer.write(data, ttl);
            } else {
                try (Claim claim = ttl == null ? writer.claim(size) : writer.claim(size, ttl)) {
                    Payloads.fill(claim.segment(), seq);
                    handle = claim.commit();
                }
            }
            if (handle.id() != seq) {
                throw new IllegalStateException("chunk " + seq + " got id " + handle.id() + ": the area was not new");
            }
            if (collectEvery > 0 && seq % collectEvery == 0) {
                writer.collect();
            }
        }
        System.out.println("DONE gcs=" + writer.stats().gcCount());
        System.out.flush();
        if (hang) {
            Thread.sleep(Long.MAX_VALUE);
        }
        writer.close();
    }
}
