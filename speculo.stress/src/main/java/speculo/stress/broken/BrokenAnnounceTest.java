package speculo.stress.broken;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import speculo.stress.RecycleArea;
import speculo.stress.protocol.Probe;

/**
 * Negative control for RecycleHandshakeTest: the reader checks that the generation is current,
 * then announces it, instead of announcing first and checking after.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE: the reader announces after it checked the generation.")
@Outcome(id = {"1, 0", "0, 1", "0, 0"}, expect = Expect.ACCEPTABLE, desc = "No overlap this time.")
@Outcome(expect = Expect.FORBIDDEN, desc = "The reader maps an object the writer recycles: the broken order is caught.")
@State
public class BrokenAnnounceTest {

    private final RecycleArea area = RecycleArea.take();
    private final long generation = area.control.currentGeneration();

    @Actor
    public void reader(II_Result r) {
        try {
            boolean current = area.control.currentGeneration() == generation; // the bug: checked first
            Window.widenPastAScan();
            area.presence.next(generation);
            r.r1 = current ? 1 : 0;
        } catch (RuntimeException e) {
            r.r1 = Probe.EXCEPTION;
        }
    }

    @Actor
    public void writer(II_Result r) {
        try {
            Window.aLittleLater(); // timing only: mostly after the reader's check, before its announcement
            area.control.publishGeneration(generation + 1);
            r.r2 = area.presences.scan().pins(generation) ? 0 : 1;
        } catch (RuntimeException e) {
            r.r2 = Probe.EXCEPTION;
        }
    }

    @Arbiter
    public void arbiter() {
        area.release();
    }
}
