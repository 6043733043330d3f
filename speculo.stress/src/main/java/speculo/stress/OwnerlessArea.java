package speculo.stress;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import speculo.api.Writer;

/** A pooled area that no writer owns (created, then closed), for the ownership race. */
public final class OwnerlessArea {

    private static final Queue<OwnerlessArea> POOL = new ConcurrentLinkedQueue<>();

    public final String name = StressArea.newName();

    private OwnerlessArea() {
        StressArea.BACKEND.writer(name, StressArea.OPTIONS).close();
    }

    /** {@return a pooled area without an owner} */
    public static OwnerlessArea take() {
        OwnerlessArea area = POOL.poll();
        return area != null ? area : new OwnerlessArea();
    }

    /** {@return a writer of the area: the real opening path, creation or takeover} */
    public Writer openWriter() {
        return StressArea.BACKEND.writer(name, StressArea.OPTIONS);
    }

    /** Returns the area to the pool; its writers must be closed. */
    public void release() {
        POOL.offer(this);
    }
}
