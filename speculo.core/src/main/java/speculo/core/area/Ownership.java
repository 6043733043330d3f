package speculo.core.area;

import java.time.Instant;
import java.util.Optional;

/**
 * The owner word of a control object: who writes the area.
 *
 * <p>The owner is packed into one 64-bit word, {@code pid << 32 | (start time in epoch ms & 0xFFFFFFFF)},
 * so that a single compare-and-set takes or hands over ownership. With two separate words a second
 * writer could see a pid without its start time and wrongly declare a live writer dead. The start
 * time tells a live writer from an unrelated process that reused a dead writer's pid. Zero means
 * no owner.
 */
public final class Ownership {

    /** The owner word of no writer. */
    public static final long NONE = 0;

    private static final long SELF = pack(ProcessHandle.current());

    private Ownership() {
    }

    /** {@return the owner word of this process} */
    public static long self() {
        return SELF;
    }

    /** {@return the process id in an owner word} */
    public static long pid(long owner) {
        return owner >>> 32;
    }

    /**
     * Tells whether the process an owner word names is still alive: a process with that pid exists
     * and, where the system reports start times, it started at the recorded time.
     *
     * @param owner an owner word; {@link #NONE} is never alive
     * @return {@code true} if the owner is alive
     */
    public static boolean isAlive(long owner) {
        if (owner == NONE) {
            return false;
        }
        if (owner == SELF) {
            return true;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid(owner));
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        long recordedStart = owner & 0xFFFF_FFFFL;
        long actualStart = startBits(process.get());
        return recordedStart == 0 || actualStart == 0 || recordedStart == actualStart;
    }

    /** {@return the owner word of a process} */
    static long pack(ProcessHandle process) {
        return process.pid() << 32 | startBits(process);
    }

    private static long startBits(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L) & 0xFFFF_FFFFL;
    }
}
