package speculo.stress.broken;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import speculo.core.area.ReadOnlyArea;
import speculo.stress.RecycleArea;
import speculo.stress.protocol.Probe;

/**
 * Negative control for RecycleHandshakeTest: the writer reads the presences before it switches
 * past the generation, instead of after.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE: the writer scans the presences before it switches.")
@Outcome(id = {"1, 0", "0, 1", "0, 0"}, expect = Expect.ACCEPTABLE, desc = "No overlap this time.")
@Outcome(expect = Expect.FORBIDDEN, desc = "The reader maps an object the writer recycles: the broken order is caught.")
@State
public class BrokenScanTest {

    private final RecycleArea area = RecycleArea.take();
    private final long generation = area.control.currentGeneration();

    @Actor
    public void reader(II_Result r) {
        try {
            Window.somewhereInAScan(); // timing only: the reader's code is the correct one
            r.r1 = ReadOnlyArea.announce(area.control, area.presence, generation) ? 1 : 0;
        } catch (RuntimeException e) {
            r.r1 = Probe.EXCEPTION;
        }
    }

    @Actor
    public void writer(II_Result r) {
        try {
            boolean pinned = area.presences.scan().pins(generation); // the bug: scanned first
            Window.widenPastAScan();
            area.control.publishGeneration(generation + 1);
            r.r2 = pinned ? 0 : 1;
        } catch (RuntimeException e) {
            r.r2 = Probe.EXCEPTION;
        }
    }

    @Arbiter
    public void arbiter() {
        area.release();
    }
}
