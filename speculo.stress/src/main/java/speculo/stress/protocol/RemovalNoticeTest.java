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
 * Point 4 with removal notices: the writer removes a chunk (bytes 5) while a reader of notices
 * polls the stream once and then resolves the chunk's handle. A removal takes effect in one step,
 * at the commit of its notice: a reader that was handed the notice never reads the chunk after.
 */
@JCStressTest
@Description("Removal notice: once a reader has seen a removal's notice in the stream, the handle reads empty.")
@Outcome(id = "0, 5", expect = Expect.ACCEPTABLE, desc = "Poll and read before the removal.")
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE_INTERESTING, desc = "The removal happened between poll and read.")
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "Both after the removal.")
@Outcome(id = "1, 5", expect = Expect.FORBIDDEN, desc = "The notice was seen, yet the chunk still read.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Torn (-1) or an exception (-2).")
@State
public class RemovalNoticeTest {

    private final StressArea area = StressArea.take();
    private final ChunkHandle chunk = area.writer.write(StressArea.payload(5));

    @Actor
    public void writer() {
        area.writer.remove(chunk);
    }

    @Actor
    public void reader(II_Result r) {
        r.r1 = Probe.sawRemoval(area.notices, chunk);
        r.r2 = Probe.read(area.notices, chunk);
    }

    @Arbiter
    public void arbiter() {
        area.release();
    }
}
