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

/** Negative control for CommitPublicationTest: the tail is published before the record is written. */
@JCStressTest
@Description("BROKEN ON PURPOSE: committed tail published before the record is written.")
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "The reader looked before the tail moved.")
@Outcome(id = "1, 7", expect = Expect.ACCEPTABLE, desc = "The reader happened to see the whole record.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Torn or impossible record seen: the broken ordering is caught.")
@State
public class BrokenCommitTest {

    private final RawArea area = RawArea.take(1);

    @Actor
    public void writer() {
        long offset = area.tail();
        area.data.publishTail(offset + RecordDescriptor.recordLength(StressArea.PAYLOAD)); // the bug
        Window.widen(1000);
        area.writeRecord(offset, 7);
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
