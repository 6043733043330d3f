package speculo.stress.broken;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import speculo.api.ChunkHandle;
import speculo.stress.RawArea;
import speculo.stress.protocol.Probe;

/**
 * Negative control for RemovalNoticeTest: a removal that commits its notice before it links the
 * removed copy to it, so a reader can be handed the notice and still read the chunk.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE: the removal notice is committed before the removed copy is linked to it.")
@Outcome(id = {"0, 5", "0, 0", "1, 0"}, expect = Expect.ACCEPTABLE, desc = "Consistent with a removal in one step.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Notice seen, chunk still read: the broken order is caught.")
@State
public class BrokenRemovalNoticeTest {

    private final RawArea area = RawArea.take(1);
    private final ChunkHandle chunk = area.append(5);

    @Actor
    public void writer() {
        area.removeCommittingFirst(chunk, 1000);
    }

    @Actor
    public void reader(II_Result r) {
        r.r1 = Probe.awaitRemoval(area.notices, chunk, 100_000); // as soon as the notice is committed
        r.r2 = Probe.read(area.notices, chunk);
    }

    @Arbiter
    public void arbiter() {
        area.release();
    }
}
