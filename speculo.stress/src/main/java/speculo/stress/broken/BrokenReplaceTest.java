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
import speculo.core.layout.RecordDescriptor;
import speculo.stress.RawArea;
import speculo.stress.StressArea;
import speculo.stress.protocol.Probe;

/** Negative control for ReplaceTest: the old copy is linked to the new one before the new one is committed. */
@JCStressTest
@Description("BROKEN ON PURPOSE: successor set before the newer copy is published.")
@Outcome(id = "1", expect = Expect.ACCEPTABLE, desc = "The old copy.")
@Outcome(id = "2", expect = Expect.ACCEPTABLE, desc = "The new copy.")
@Outcome(expect = Expect.FORBIDDEN, desc = "A successor to unpublished bytes was followed: the broken ordering is caught.")
@State
public class BrokenReplaceTest {

    private final RawArea area = RawArea.take(2);
    private final ChunkHandle original = area.append(1);

    @Actor
    public void writer() {
        long offset = area.tail();
        area.data.setSuccessor(original.offset(), offset); // the bug: link first
        Window.widen();
        area.writeRecord(offset, 2);
        area.data.publishTail(offset + RecordDescriptor.recordLength(StressArea.PAYLOAD));
    }

    @Actor
    public void reader(I_Result r) {
        r.r1 = Probe.read(area.reader, original);
    }

    @Arbiter
    public void arbiter() {
        area.release();
    }
}
