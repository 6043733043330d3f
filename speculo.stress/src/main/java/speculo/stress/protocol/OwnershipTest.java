package speculo.stress.protocol;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import speculo.api.AreaBusyException;
import speculo.api.Writer;
import speculo.stress.OwnerlessArea;

/**
 * Point 6, R5: two would-be writers open the same ownerless area at once; the owner word's CAS
 * lets exactly one of them in.
 */
@JCStressTest
@Description("Writer ownership: two would-be writers racing on the control object; exactly one wins.")
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "Exactly one writer won: the first.")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE_INTERESTING, desc = "Exactly one writer won: the second.")
@Outcome(id = "1, 1", expect = Expect.FORBIDDEN, desc = "Both won: two writers on one area.")
@Outcome(id = "0, 0", expect = Expect.FORBIDDEN, desc = "Neither won although the area had no owner.")
@Outcome(expect = Expect.FORBIDDEN, desc = "An exception other than AreaBusyException (-2).")
@State
public class OwnershipTest {

    private final OwnerlessArea area = OwnerlessArea.take();
    private Writer first;
    private Writer second;

    @Actor
    public void first(II_Result r) {
        try {
            first = area.openWriter();
            r.r1 = 1;
        } catch (AreaBusyException busy) {
            r.r1 = 0;
        } catch (RuntimeException e) {
            r.r1 = -2;
        }
    }

    @Actor
    public void second(II_Result r) {
        try {
            second = area.openWriter();
            r.r2 = 1;
        } catch (AreaBusyException busy) {
            r.r2 = 0;
        } catch (RuntimeException e) {
            r.r2 = -2;
        }
    }

    @Arbiter
    public void arbiter() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
        area.release();
    }
}
