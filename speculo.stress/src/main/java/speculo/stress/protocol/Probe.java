package speculo.stress.protocol;

import java.util.Optional;
import org.openjdk.jcstress.infra.results.II_Result;
import speculo.api.Chunk;
import speculo.api.ChunkHandle;
import speculo.api.Reader;
import speculo.stress.StressArea;

/** What the reader actors of the stress tests observe, encoded as small integers. */
public final class Probe {

    /** Outcome of an exception: the reader met a value the protocol forbids. */
    public static final int EXCEPTION = -2;

    private Probe() {
    }

    /** Polls once: {@code r1} = chunks seen, {@code r2} = the value of the first chunk's bytes (0 if none). */
    public static void poll(Reader reader, II_Result r) {
        try {
            int[] seen = {0, 0};
            r.r1 = reader.poll(chunk -> {
                if (seen[0]++ == 0) {
                    seen[1] = StressArea.valueOf(chunk.data());
                }
            }, 16);
            r.r2 = seen[1];
        } catch (RuntimeException e) {
            r.r1 = EXCEPTION;
        }
    }

    /** Resolves a handle: the value of the chunk's bytes, 0 if absent, {@link #EXCEPTION} on an exception. */
    public static int read(Reader reader, ChunkHandle handle) {
        try {
            Optional<Chunk> chunk = reader.read(handle);
            return chunk.map(c -> StressArea.valueOf(c.data())).orElse(0);
        } catch (RuntimeException e) {
            return EXCEPTION;
        }
    }
}
