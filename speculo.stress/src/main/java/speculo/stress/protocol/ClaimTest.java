package speculo.stress.protocol;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import speculo.api.ChunkHandle;
import speculo.api.Claim;
import speculo.stress.StressArea;

/**
 * Point 2: the writer claims space and fills it with 0xAA, aborts, claims the same space again,
 * fills it with 0xBB and commits. A reader never sees the aborted 0xAA chunk, and sees the
 * committed one whole.
 */
@JCStressTest
@Description("Claim / commit / abort: an aborted claim is never visible; a committed claim is visible whole.")
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "The reader looked before the commit.")
@Outcome(id = "1, 187", expect = Expect.ACCEPTABLE_INTERESTING, desc = "The committed 0xBB chunk, whole.")
@Outcome(id = "1, 170", expect = Expect.FORBIDDEN, desc = "The aborted 0xAA chunk became visible.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Torn (-1), a mix, or an exception (-2).")
@State
public class ClaimTest {

    private final StressArea area = StressArea.take();
    private final java.lang.foreign.MemorySegment aborted = java.lang.foreign.MemorySegment.ofArray(StressArea.payload(0xAA));
    private final java.lang.foreign.MemorySegment committed = java.lang.foreign.MemorySegment.ofArray(StressArea.payload(0xBB));
    private ChunkHandle written;

    @Actor
    public void writer() {
        try (Claim claim = area.writer.claim(StressArea.PAYLOAD)) {
            claim.segment().copyFrom(aborted);
            claim.abort();
        }
        try (Claim claim = area.writer.claim(StressArea.PAYLOAD)) {
            claim.segment().copyFrom(committed);
            written = claim.commit();
        }
    }

    @Actor
    public void reader(II_Result r) {
        Probe.poll(area.reader, r);
    }

    @Arbiter
    public void arbiter() {
        area.writer.remove(written);
        area.release();
    }
}
