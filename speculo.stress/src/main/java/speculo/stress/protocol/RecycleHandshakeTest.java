package speculo.stress.protocol;

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

/**
 * DESIGN §3 "Recycling": the hazard-pointer handshake between a reader that is about to map the
 * current generation and a writer that switches past it and then decides whether to recycle its
 * object. The reader announces the generation and reads the current one again
 * ({@link ReadOnlyArea#announce}); the writer switches, then reads every presence
 * ({@link speculo.core.write.ReaderPresences#scan}). A reader that goes on to map the generation
 * and a writer that recycles it must never both happen.
 */
@JCStressTest
@Description("Recycling handshake: a reader maps a generation only if the writer's scan will see it there.")
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "The reader maps the generation; the writer sees it and keeps the object.")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "The reader sees the switch and does not map; the writer recycles.")
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE_INTERESTING, desc = "Each sees the other: no map, no recycling.")
@Outcome(id = "1, 1", expect = Expect.FORBIDDEN, desc = "The reader maps an object the writer recycles.")
@Outcome(expect = Expect.FORBIDDEN, desc = "An exception (-2).")
@State
public class RecycleHandshakeTest {

    private final RecycleArea area = RecycleArea.take();
    private final long generation = area.control.currentGeneration();

    @Actor
    public void reader(II_Result r) {
        try {
            r.r1 = ReadOnlyArea.announce(area.control, area.presence, generation) ? 1 : 0;
        } catch (RuntimeException e) {
            r.r1 = Probe.EXCEPTION;
        }
    }

    @Actor
    public void writer(II_Result r) {
        try {
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
