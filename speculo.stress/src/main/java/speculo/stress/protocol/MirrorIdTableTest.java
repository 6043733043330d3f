package speculo.stress.protocol;

import java.time.Instant;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import speculo.api.ChunkHandle;
import speculo.stress.MirrorArea;
import speculo.stress.StressArea;

/**
 * A mirror's id table: the writer of a mirror copies a source chunk (bytes 5) while a reader polls
 * the stream once and then resolves the source's handle of that chunk. The writer fills the
 * chunk's table slot before it commits the record, so a reader that was handed the copy finds it
 * by the source's handle too.
 */
@JCStressTest
@Description("Mirror id table: once a reader has seen a mirrored copy in the stream, the source's handle resolves to it.")
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "Poll and read before the commit.")
@Outcome(id = "0, 5", expect = Expect.ACCEPTABLE_INTERESTING, desc = "The commit happened between poll and read.")
@Outcome(id = "1, 5", expect = Expect.ACCEPTABLE, desc = "Both after the commit.")
@Outcome(id = "1, 0", expect = Expect.FORBIDDEN, desc = "The copy was seen, yet the source's handle found nothing.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Torn (-1) or an exception (-2).")
@State
public class MirrorIdTableTest {

    private final MirrorArea area = MirrorArea.take();
    private final ChunkHandle source = MirrorArea.sourceHandle();

    @Actor
    public void writer() {
        area.writer.mirror(source, java.lang.foreign.MemorySegment.ofArray(StressArea.payload(5)), Instant.MAX);
    }

    @Actor
    public void reader(II_Result r) {
        r.r1 = Probe.sawValue(area.reader, 5);
        r.r2 = Probe.read(area.reader, source);
    }

    @Arbiter
    public void arbiter() {
        area.release(source);
    }
}
