package speculo.stress.broken;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;
import speculo.api.ChunkHandle;
import speculo.api.internal.HandleParts;
import speculo.core.layout.RecordDescriptor;
import speculo.stress.RawArea;
import speculo.stress.StressArea;

/**
 * Negative control for ReplaceTest. The writer links the old copy first, then writes and commits
 * the new one, which the protocol allows because readers check a link against the committed tail;
 * the broken reader follows the link without that check.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE: a reader follows a successor link without checking it against the committed tail.")
@Outcome(id = "1", expect = Expect.ACCEPTABLE, desc = "The old copy.")
@Outcome(id = "2", expect = Expect.ACCEPTABLE, desc = "The new copy.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Uncommitted bytes behind the link were read: the missing check is caught.")
@State
public class BrokenReplaceTest {

    private final RawArea area = RawArea.take(2);
    private final ChunkHandle original = area.append(1);

    @Actor
    public void writer() {
        // A wide window: the short CI run has only ~60 samples, and the reader must land in it in some.
        area.replaceLinkingFirst(original, 2, 1000);
    }

    @Actor
    public void reader(I_Result r) {
        // Like a reader polling the handle: it looks again for a while (bounded) until the link appears.
        long successor = area.awaitLink(original);
        long newest = successor == RecordDescriptor.CURRENT ? HandleParts.access().offset(original) : successor; // the bug: no tail check
        r.r1 = StressArea.valueOf(area.data.segment().asSlice(RecordDescriptor.dataOffset(newest), StressArea.PAYLOAD));
    }

    @Arbiter
    public void arbiter() {
        area.release();
    }
}
