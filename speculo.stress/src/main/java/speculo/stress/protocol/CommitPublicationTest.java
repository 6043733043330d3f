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
import speculo.stress.StressArea;

/**
 * Point 1, R7: a chunk becomes visible whole or not at all. The real writer writes one chunk; the
 * real reader polls concurrently and reports how many chunks it saw and the value all their
 * bytes share.
 */
@JCStressTest
@Description("Commit publication: a reader sees no new chunk, or the whole chunk with all its bytes and header fields.")
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "The reader looked before the commit: nothing new.")
@Outcome(id = "1, 7", expect = Expect.ACCEPTABLE_INTERESTING, desc = "The reader saw the committed chunk, whole.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Torn (-1), phantom, or an exception (-2).")
@State
public class CommitPublicationTest {

    private final StressArea area = StressArea.take();
    private final byte[] payload = StressArea.payload(7);
    private ChunkHandle written;

    @Actor
    public void writer() {
        written = area.writer.write(payload);
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
