package speculo.stress.broken;

import java.lang.foreign.MemorySegment;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import speculo.core.area.AreaNames;
import speculo.core.area.Ownership;
import speculo.core.layout.ControlDescriptor;
import speculo.core.layout.Words;
import speculo.core.spi.MappedObject;
import speculo.stress.OwnerlessArea;
import speculo.stress.RawArea;

/** Negative control for OwnershipTest: ownership taken by check-then-set instead of one CAS. */
@JCStressTest
@Description("BROKEN ON PURPOSE: owner word read, then written, not compared-and-set.")
@Outcome(id = {"1, 0", "0, 1"}, expect = Expect.ACCEPTABLE, desc = "Exactly one won.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Both won (or neither): the broken take-over is caught.")
@State
public class BrokenOwnershipTest {

    private final OwnerlessArea area = OwnerlessArea.take();
    private final MappedObject control = RawArea.openReadWrite(AreaNames.controlObject(area.name));
    private final MemorySegment words = control.segment();

    @Actor
    public void first(II_Result r) {
        r.r1 = take() ? 1 : 0;
    }

    @Actor
    public void second(II_Result r) {
        r.r2 = take() ? 1 : 0;
    }

    private boolean take() {
        if (Words.getAcquire(words, ControlDescriptor.OWNER_OFFSET) != Ownership.NONE) {
            return false;
        }
        Window.widen();
        Words.setRelease(words, ControlDescriptor.OWNER_OFFSET, Ownership.self()); // the bug: no CAS
        return true;
    }

    @Arbiter
    public void arbiter() {
        Words.setRelease(words, ControlDescriptor.OWNER_OFFSET, Ownership.NONE);
        control.close();
        area.release();
    }
}
