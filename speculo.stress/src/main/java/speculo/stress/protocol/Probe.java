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

    /**
     * Polls a reader of removal notices once; {@return 1 if it was handed the notice of
     * {@code chunk}'s removal, 0 if not, {@link #EXCEPTION} on an exception}
     */
    public static int sawRemoval(Reader notices, ChunkHandle chunk) {
        try {
            boolean[] seen = {false};
            notices.poll(c -> seen[0] |= c.isRemoval() && c.id() == chunk.id(), 16);
            return seen[0] ? 1 : 0;
        } catch (RuntimeException e) {
            return EXCEPTION;
        }
    }

    /** Polls like {@link #sawRemoval} until the notice comes, at most {@code polls} times; {@return the last result} */
    public static int awaitRemoval(Reader notices, ChunkHandle chunk, int polls) {
        int seen = 0;
        for (int i = 0; i < polls && seen == 0; i++) {
            seen = sawRemoval(notices, chunk);
        }
        return seen;
    }

    /**
     * Polls once; {@return 1 if it was handed a chunk of bytes {@code value}, 0 if not, -1 for a
     * chunk of other (torn) bytes, {@link #EXCEPTION} on an exception}
     */
    public static int sawValue(Reader reader, int value) {
        try {
            int[] seen = {0};
            reader.poll(chunk -> {
                int found = StressArea.valueOf(chunk.data());
                seen[0] = found == value ? 1 : -1;
            }, 16);
            return seen[0];
        } catch (RuntimeException e) {
            return EXCEPTION;
        }
    }

    /** Polls like {@link #sawValue} until it is handed a chunk, at most {@code polls} times; {@return the last result} */
    public static int awaitValue(Reader reader, int value, int polls) {
        int seen = 0;
        for (int i = 0; i < polls && seen == 0; i++) {
            seen = sawValue(reader, value);
        }
        return seen;
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
