package speculo.stress.protocol;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;
import speculo.api.ChunkHandle;
import speculo.stress.StressArea;

/**
 * Point 3, R9: the writer replaces a block (bytes 1) with a newer copy (bytes 2) while a reader
 * resolves the block's original handle.
 */
@JCStressTest
@Description("Replace: a reader resolving a handle sees the old copy or the new copy, never a mix, never a dangling successor.")
@Outcome(id = "1", expect = Expect.ACCEPTABLE, desc = "The old copy, whole.")
@Outcome(id = "2", expect = Expect.ACCEPTABLE_INTERESTING, desc = "The new copy, whole.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Nothing (0), torn (-1), or an exception (-2): a successor to unpublished bytes.")
@State
public class ReplaceTest {

    private final StressArea area = StressArea.take();
    private final ChunkHandle original = area.writer.write(StressArea.payload(1));
    private final byte[] newer = StressArea.payload(2);

    @Actor
    public void writer() {
        area.writer.replace(original, newer);
    }

    @Actor
    public void reader(I_Result r) {
        r.r1 = Probe.read(area.reader, original);
    }

    @Arbiter
    public void arbiter() {
        area.writer.remove(original);
        area.release();
    }
}
