package speculo.tests.child;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import speculo.api.ChunkHandle;
import speculo.api.Claim;
import speculo.api.GcPolicy;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * Child process: a writer to be killed with SIGKILL at a random moment.
 *
 * <p>Arguments: {@code AREA SEED}. Opens the area (creating it or taking it over), prints
 * {@code READY}, waits for a line on standard input, then runs random operations forever:
 * writes (copied and claimed), replacements, removals and collections, with
 * {@link SelfChecking} contents of 16 B to 256 KiB. Before each operation it prints
 * {@code B <op> <handle|->}, after it {@code D <op> <handle|-> <key|result>}, flushed, so the
 * test knows every operation that completed and the one in flight when the kill came.
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        String area = args[0];
        SplittableRandom random = new SplittableRandom(Long.parseLong(args[1]));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        Writer writer = Speculo.writer(area, WriterOptions.defaults().withInitialCapacity(256 * 1024)
                .withMaxCapacity(256L << 20).withGcPolicy(GcPolicy.deadRatioAtLeast(0.5)));
        out.println("READY");
        out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        List<ChunkHandle> mine = new ArrayList<>();
        while (true) {
            int dice = random.nextInt(100);
            int size = random.nextInt(100) < 3 ? 65_536 + random.nextInt(196_608) : SelfChecking.MIN_SIZE + random.nextInt(4000);
            long key = random.nextLong();
            if (dice < 45 || mine.isEmpty()) {
                out.println("B write -");
                out.flush();
                byte[] data = new byte[size];
                SelfChecking.fill(MemorySegment.ofArray(data), key);
                ChunkHandle handle = writer.write(data);
                mine.add(handle);
                out.println("D write " + handle + " " + key);
            } else if (dice < 60) {
                out.println("B claim -");
                out.flush();
                ChunkHandle handle;
                try (Claim claim = writer.claim(size)) {
                    SelfChecking.fill(claim.segment(), key);
                    handle = claim.commit();
                }
                mine.add(handle);
                out.println("D claim " + handle + " " + key);
            } else if (dice < 80) {
                int index = random.nextInt(mine.size());
                ChunkHandle old = mine.get(index);
                out.println("B replace " + old);
                out.flush();
                byte[] data = new byte[size];
                SelfChecking.fill(MemorySegment.ofArray(data), key);
                ChunkHandle newer = writer.replace(old, data);
                mine.set(index, newer);
                out.println("D replace " + newer + " " + key);
            } else if (dice < 95) {
                ChunkHandle victim = mine.remove(random.nextInt(mine.size()));
                out.println("B remove " + victim);
                out.flush();
                boolean removed = writer.remove(victim);
                out.println("D remove " + victim + " " + removed);
            } else {
                out.println("B collect -");
                out.flush();
                writer.collect();
                out.println("D collect - " + writer.stats().generation());
            }
            out.flush();
        }
    }
}
