package speculo.stress;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import speculo.core.area.ControlObject;
import speculo.core.area.ReaderPresence;
import speculo.core.layout.PresenceDescriptor;
import speculo.core.write.ReaderPresences;

/**
 * An area for the recycling handshake tests: created by a real writer with recycling on (then
 * closed), its control object mapped read-write to play the writer's switch, one real reader
 * presence, and the writer's real presence scanner. Pooled like {@link StressArea}: each state
 * switches the area one generation further; its arbiter withdraws the announcement and
 * {@link #release releases} it.
 */
public final class RecycleArea {

    private static final Queue<RecycleArea> POOL = new ConcurrentLinkedQueue<>();

    public final String name = StressArea.newName();
    public final ControlObject control;
    public final ReaderPresence presence;
    public final ReaderPresences presences;

    private RecycleArea() {
        StressArea.BACKEND.writer(name, StressArea.OPTIONS).close();
        this.control = ControlObject.wrapIfComplete(name, RawArea.openReadWrite(name));
        this.presence = ReaderPresence.create(StressArea.BACKEND.store(), name);
        this.presences = new ReaderPresences(name, StressArea.BACKEND.store());
        StressArea.closeAtExit(presence);
    }

    /** {@return a pooled area, nothing announced} */
    public static RecycleArea take() {
        RecycleArea area = POOL.poll();
        return area != null ? area : new RecycleArea();
    }

    /** Withdraws the announcement and returns the area to the pool. */
    public void release() {
        presence.held(PresenceDescriptor.NONE);
        presence.next(PresenceDescriptor.NONE);
        POOL.offer(this);
    }
}
