package speculo.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import speculo.api.Backend;
import speculo.api.ChunkHandle;
import speculo.api.ChunkHandler;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * What a reader pays to move to a new generation: the one {@code poll} that finds the switch
 * (maps the new object, finds its place, lets go of the old mapping). The writer fills ~64 MiB,
 * the reader reads it all (so its mapping of the old generation is populated), the writer
 * removes all but ten chunks and collects, waits until its own unmapping is done (the reader's
 * mapping is then the last one), and the reader's next poll is timed. Six rounds.
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar speculo.bench.SwitchCost}.
 */
public final class SwitchCost {

    private static final int CHUNKS = 16_000;
    private static final int CHUNK_BYTES = 4096 - 64;

    private SwitchCost() {
    }

    public static void main(String[] args) throws InterruptedException {
        Backend shm = Speculo.backend("shm");
        String area = "switch-cost-" + ProcessHandle.current().pid();
        try (Writer writer = shm.writer(area, WriterOptions.defaults().withInitialCapacity(80L << 20).withMaxCapacity(1L << 30));
             Reader reader = shm.reader(area, ReaderOptions.defaults())) {
            MemorySegment chunk = Arena.ofAuto().allocate(CHUNK_BYTES);
            ChunkHandler touch = c -> c.mapping().get(ValueLayout.JAVA_BYTE, c.dataOffset());
            StringBuilder polls = new StringBuilder();
            for (int round = 0; round < 6; round++) {
                List<ChunkHandle> handles = new ArrayList<>();
                for (int i = 0; i < CHUNKS; i++) {
                    handles.add(writer.write(chunk));
                }
                while (reader.poll(touch, 1024) > 0) {
                    // read everything: every page of the old generation is mapped by the reader too
                }
                for (ChunkHandle handle : handles.subList(0, CHUNKS - 10)) {
                    writer.remove(handle);
                }
                writer.collect();
                Thread.sleep(200); // the writer's own unmapping of the old generation is done
                long before = System.nanoTime();
                reader.poll(touch, 1);
                polls.append(String.format(Locale.ROOT, " %.2f", (System.nanoTime() - before) / 1e6));
            }
            System.out.println("reader's poll that moves it to the new generation, ms:" + polls);
        } finally {
            shm.remove(area);
        }
    }
}
