package speculo.stress.broken;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import speculo.api.AreaPermissions;
import speculo.core.area.AreaNames;
import speculo.core.area.DataObject;
import speculo.core.layout.DataDescriptor;
import speculo.core.spi.MappedObject;
import speculo.stress.RawArea;
import speculo.stress.protocol.Probe;

/**
 * Negative control for GenerationSwitchTest: the control object is switched to the new generation
 * before that generation's header is written.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE: generation switched before the new object is written.")
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "Nothing to read, on either generation.")
@Outcome(expect = Expect.FORBIDDEN, desc = "The reader met a half-made generation: the broken switch is caught.")
@State
public class BrokenSwitchTest {

    private static final long SIZE = DataDescriptor.recordsOffset(0) + 4096;

    private final RawArea area = RawArea.take(1);
    private final long next = area.data.generation() + 1;
    private final long salt = AreaNames.newSalt();
    private final String retired = area.data.objectName();
    private final MappedObject created = create(AreaNames.dataObject(area.name, 1, salt));

    @Actor
    public void writer() {
        area.control.setObjectName(next, 1, salt);
        area.control.publishGeneration(next); // the bug: switch first
        Window.widen();
        area.data.close();
        area.data = DataObject.create(area.name, created, next, 0, 0, 0, 0, 0);
        unlink(retired);
    }

    @Actor
    public void reader(II_Result r) {
        Probe.poll(area.reader, r);
    }

    @Arbiter
    public void arbiter() {
        area.release();
    }

    private static MappedObject create(String name) {
        try {
            return RawAreaObjects.create(name, SIZE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void unlink(String name) {
        try {
            RawAreaObjects.unlink(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Direct access to the backend's objects. */
    static final class RawAreaObjects {
        static MappedObject create(String name, long size) throws IOException {
            return speculo.stress.RawArea.store().create(name, size, AreaPermissions.OWNER_ONLY);
        }

        static void unlink(String name) throws IOException {
            speculo.stress.RawArea.store().unlink(name);
        }
    }
}
