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
        return pollOnce(notices, c -> c.isRemoval() && c.id() == chunk.id() ? 1 : 0);
    }

    /** Polls like {@link #sawRemoval} until the notice comes, at most {@code polls} times; {@return the last result} */
    public static int awaitRemoval(Reader notices, ChunkHandle chunk, int polls) {
        return await(() -> sawRemoval(notices, chunk), polls);
    }

    /**
     * Polls once; {@return 1 if it was handed a chunk of bytes {@code value} first, 0 if none, -1 for
     * a chunk of other (torn) bytes, {@link #EXCEPTION} on an exception}
     */
    public static int sawValue(Reader reader, int value) {
        return pollOnce(reader, c -> StressArea.valueOf(c.data()) == value ? 1 : -1);
    }

    /** Polls like {@link #sawValue} until it is handed a chunk, at most {@code polls} times; {@return the last result} */
    public static int awaitValue(Reader reader, int value, int polls) {
        return await(() -> sawValue(reader, value), polls);
    }

    /** Polls once; {@return the first verdict other than 0 on a chunk handed over, 0 if none, {@link #EXCEPTION} on an exception} */
    private static int pollOnce(Reader reader, java.util.function.ToIntFunction<Chunk> verdict) {
        try {
            int[] seen = {0};
            reader.poll(c -> {
                if (seen[0] == 0) {
                    seen[0] = verdict.applyAsInt(c);
                }
            }, 16);
            return seen[0];
        } catch (RuntimeException e) {
            return EXCEPTION;
        }
    }

    /** {@return the first result of {@code probe} other than 0, asking at most {@code polls} times; 0 if none} */
    private static int await(java.util.function.IntSupplier probe, int polls) {
        int seen = 0;
        for (int i = 0; i < polls && seen == 0; i++) {
            seen = probe.getAsInt();
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
