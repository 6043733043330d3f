package speculo.stress.broken;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import speculo.core.layout.RecordDescriptor;
import speculo.stress.RawArea;
import speculo.stress.StressArea;
import speculo.stress.protocol.Probe;

/** Negative control for ClaimTest: "abort" publishes the claimed space instead of forgetting it. */
@JCStressTest
@Description("BROKEN ON PURPOSE: an aborted claim is published.")
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "The reader looked before anything was published.")
@Outcome(expect = Expect.FORBIDDEN, desc = "The aborted 0xAA chunk (170) or a torn one was seen: the broken abort is caught.")
@State
public class BrokenClaimTest {

    private final RawArea area = RawArea.take(2);

    @Actor
    public void writer() {
        long offset = area.tail();
        area.writeRecord(offset, 0xAA);
        long next = offset + RecordDescriptor.recordLength(StressArea.PAYLOAD);
        area.data.publishTail(next); // the bug: abort makes the claim visible
        area.writeRecord(next, 0xBB);
        area.data.publishTail(next + RecordDescriptor.recordLength(StressArea.PAYLOAD));
    }

    @Actor
    public void reader(II_Result r) {
        Probe.poll(area.reader, r);
    }

    @Arbiter
    public void arbiter() {
        area.release();
    }
}
