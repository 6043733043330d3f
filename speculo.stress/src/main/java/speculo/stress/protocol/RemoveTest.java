package speculo.stress.protocol;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import speculo.api.ChunkHandle;
import speculo.stress.StressArea;

/**
 * Point 4: the writer removes a chunk (bytes 5) while a reader resolves its handle twice in a row.
 * Once the reader has seen the removal, it never sees the chunk again.
 */
@JCStressTest
@Description("Remove: a removed chunk is never returned after the reader has observed the removal.")
@Outcome(id = "5, 5", expect = Expect.ACCEPTABLE, desc = "Both reads before the removal.")
@Outcome(id = "5, 0", expect = Expect.ACCEPTABLE_INTERESTING, desc = "The removal happened between the reads.")
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "Both reads after the removal.")
@Outcome(id = "0, 5", expect = Expect.FORBIDDEN, desc = "The chunk came back after the reader saw it removed.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Torn (-1) or an exception (-2).")
@State
public class RemoveTest {

    private final StressArea area = StressArea.take();
    private final ChunkHandle chunk = area.writer.write(StressArea.payload(5));

    @Actor
    public void writer() {
        area.writer.remove(chunk);
    }

    @Actor
    public void reader(II_Result r) {
        r.r1 = Probe.read(area.reader, chunk);
        r.r2 = Probe.read(area.reader, chunk);
    }

    @Arbiter
    public void arbiter() {
        area.release();
    }
}
