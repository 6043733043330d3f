package speculo.stress.broken;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import speculo.api.ChunkHandle;
import speculo.api.internal.HandleParts;
import speculo.core.layout.RecordDescriptor;
import speculo.stress.RawArea;
import speculo.stress.protocol.Probe;

/**
 * Negative control for RemoveTest: a removal that is undone (as a collector that copied removed
 * records as live would do), so a reader can see the chunk again after seeing it removed.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE: a removed chunk is brought back.")
@Outcome(id = {"5, 5", "5, 0", "0, 0"}, expect = Expect.ACCEPTABLE, desc = "Consistent with one removal.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Seen again after its removal was observed: the broken removal is caught.")
@State
public class BrokenRemoveTest {

    /**
     * Spins the chunk stays removed before it comes back: long enough for the reader's first read
     * to land inside, whatever the actors' start skew. With 200, the reader's reads (microseconds
     * each when interpreted) mostly straddled the window: 2 samples of 56 caught the bug in one CI
     * run, none in the next.
     */
    private static final int REMOVED_FOR = 100_000;

    private final RawArea area = RawArea.take(1);
    private final ChunkHandle chunk = area.append(5);

    @Actor
    public void writer() {
        area.data.setSuccessor(HandleParts.access().offset(chunk), RecordDescriptor.REMOVED);
        Window.widen(REMOVED_FOR);
        area.data.setSuccessor(HandleParts.access().offset(chunk), RecordDescriptor.CURRENT); // the bug: resurrection
    }

    @Actor
    public void reader(II_Result r) {
        r.r1 = Probe.read(area.reader, chunk);
        Window.widen(2 * REMOVED_FOR); // a first read inside the removal's window is followed by one after it
        r.r2 = Probe.read(area.reader, chunk);
    }

    @Arbiter
    public void arbiter() {
        area.data.setSuccessor(HandleParts.access().offset(chunk), RecordDescriptor.REMOVED);
        Window.widen();
        area.release();
    }
}
