package speculo.stress.protocol;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import speculo.api.ChunkHandle;
import speculo.stress.StressArea;

/**
 * Point 5, R10/R11: the area holds four unread chunks (bytes 1 to 4); the writer runs a garbage
 * collection while a reader polls them all. Whichever generation the reader reads, it gets all
 * four, whole, in order.
 */
@JCStressTest
@Description("Generation switch: a reader on the new generation sees it complete; one on the old generation reads it consistently to the end.")
@Outcome(id = "4, 1, 0", expect = Expect.ACCEPTABLE, desc = "Read everything from the old generation.")
@Outcome(id = "4, 1, 1", expect = Expect.ACCEPTABLE_INTERESTING, desc = "Switched to the new generation and read everything there.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Chunks lost, repeated, out of order, torn, or an exception (count -2).")
@State
public class GenerationSwitchTest {

    private final StressArea area = StressArea.take();
    private final long generationBefore = area.reader.generation();
    private final ChunkHandle[] chunks = new ChunkHandle[4];

    public GenerationSwitchTest() {
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = area.writer.write(StressArea.payload(i + 1));
        }
    }

    @Actor
    public void writer() {
        area.writer.collect();
    }

    @Actor
    public void reader(III_Result r) {
        try {
            int[] state = {0, 1};
            r.r1 = area.reader.poll(chunk -> {
                state[0]++;
                if (StressArea.valueOf(chunk.data()) != state[0]) {
                    state[1] = 0;
                }
            }, 16);
            r.r2 = state[1];
            r.r3 = area.reader.generation() == generationBefore ? 0 : 1;
        } catch (RuntimeException e) {
            r.r1 = Probe.EXCEPTION;
        }
    }

    @Arbiter
    public void arbiter() {
        for (ChunkHandle chunk : chunks) {
            area.writer.remove(chunk);
        }
        area.release();
    }
}
