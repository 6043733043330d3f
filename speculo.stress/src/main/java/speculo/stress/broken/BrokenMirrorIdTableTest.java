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
import speculo.stress.MirrorArea;
import speculo.stress.RawArea;
import speculo.stress.protocol.Probe;

/**
 * Negative control for MirrorIdTableTest: a mirror's copy committed before its id table slot is
 * filled, so a reader can be handed the copy and still find nothing by the source's handle.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE: the mirrored copy is committed before its id table slot is filled.")
@Outcome(id = {"0, 0", "0, 5", "1, 5"}, expect = Expect.ACCEPTABLE, desc = "Consistent with a slot filled before the commit.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Copy seen, source handle unresolved: the broken order is caught.")
@State
public class BrokenMirrorIdTableTest {

    private final RawArea area = RawArea.takeMirror(1);
    private final ChunkHandle source = MirrorArea.sourceHandle();

    @Actor
    public void writer() {
        area.mirrorCommittingFirst(source.id(), 5, 50_000);
    }

    @Actor
    public void reader(II_Result r) {
        r.r1 = Probe.awaitValue(area.reader, 5, 100_000); // as soon as the copy is committed
        r.r2 = Probe.read(area.reader, source);
    }

    @Arbiter
    public void arbiter() {
        area.release();
    }
}
