package speculo.stress.protocol;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;
import speculo.api.ChunkHandle;
import speculo.stress.RawArea;

/**
 * Point 3, R9, the window the real writer keeps short: the old copy is linked to the new one
 * before the new one is even written, and the link stays there a while; the real reader, polling
 * the handle, must take a link past the committed tail for "not replaced yet". The writer side is
 * exactly {@code broken.BrokenReplaceTest}'s; only the reader differs (there, one without the check).
 */
@JCStressTest
@Description("Replace window: a link to a record not yet committed is never followed by the real reader.")
@Outcome(id = "1", expect = Expect.ACCEPTABLE, desc = "The old copy, whole: the link was past the tail.")
@Outcome(id = "2", expect = Expect.ACCEPTABLE_INTERESTING, desc = "The new copy, whole, after its commit.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Nothing (0), torn (-1) or an exception (-2): uncommitted bytes were read.")
@State
public class ReplaceWindowTest {

    private final RawArea area = RawArea.take(2);
    private final ChunkHandle original = area.append(1);

    @Actor
    public void writer() {
        area.replaceLinkingFirst(original, 2, 1000);
    }

    @Actor
    public void reader(I_Result r) {
        area.awaitLink(original); // poll until the link appears (bounded), as the negative control's reader does
        r.r1 = Probe.read(area.reader, original);
    }

    @Arbiter
    public void arbiter() {
        area.release();
    }
}
