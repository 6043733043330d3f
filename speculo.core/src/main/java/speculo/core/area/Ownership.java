package speculo.core.area;

import java.time.Instant;
import java.util.Optional;

/**
 * The owner words of a control object: who writes the area, and in which pid namespace.
 *
 * <p>The owner is packed into one 64-bit word, {@code pid << 32 | (start time in epoch ms & 0xFFFFFFFF)},
 * so that a single compare-and-set takes or hands over ownership. With two separate words a second
 * writer could see a pid without its start time and wrongly declare a live writer dead. The start
 * time tells a live writer from an unrelated process that reused a dead writer's pid. Zero means
 * no owner.
 *
 * <p>A pid means something only in its pid namespace. The namespace word beside the owner word is
 * {@code namespace id << 32 | (owner word & 0xFFFFFFFF)}: the owner stores it right after its CAS
 * won, and its low half repeats the owner's start bits, so a namespace word left by a previous
 * owner is recognised as stale instead of being believed. The id is the inode number of
 * {@code /proc/self/ns/pid} on Linux, {@link PidNamespaces#GLOBAL} where there are no namespaces.
 * An owner in another namespace is judged from {@code /proc} if this process's view shows that
 * namespace (it is a descendant), and is {@link Liveness#UNKNOWN} otherwise.
 */
public final class Ownership {

    /** The owner word of no writer. */
    public static final long NONE = 0;

    private static final long LOW_HALF = 0xFFFF_FFFFL;
    private static final long SELF = pack(ProcessHandle.current());
    private static final long SELF_NAMESPACE = namespaceWord(SELF, PidNamespaces.self());

    private Ownership() {
    }

    /** {@return the owner word of this process} */
    public static long self() {
        return SELF;
    }

    /** {@return the namespace word this process stores once it owns an area} */
    public static long selfNamespace() {
        return SELF_NAMESPACE;
    }

    /** {@return the process id in an owner word, as its own pid namespace numbers it} */
    public static long pid(long owner) {
        return owner >>> 32;
    }

    /** {@return the pid namespace id in a namespace word} */
    public static long namespace(long namespaceWord) {
        return namespaceWord >>> 32;
    }

    /**
     * Judges the writer an owner word names, from this process.
     *
     * @param owner         an owner word
     * @param namespaceWord the namespace word read after it
     * @return {@link Liveness#NONE} for no owner; {@link Liveness#ALIVE} or {@link Liveness#DEAD}
     *         where the owner's pid can be judged from here; {@link Liveness#UNKNOWN} where it cannot
     *         (another, invisible pid namespace, or a namespace word not yet stored by this owner)
     */
    public static Liveness judge(long owner, long namespaceWord) {
        if (owner == NONE) {
            return Liveness.NONE;
        }
        if (owner == SELF) {
            return Liveness.ALIVE;
        }
        if ((namespaceWord & LOW_HALF) != (owner & LOW_HALF)) {
            return Liveness.UNKNOWN; // the namespace word is a previous owner's: this one is still taking over
        }
        long namespace = namespace(namespaceWord);
        long recordedStart = owner & LOW_HALF;
        if (namespace == PidNamespaces.self() && namespace != PidNamespaces.UNREADABLE) {
            return judgeProcess(ProcessHandle.of(pid(owner)), recordedStart);
        }
        if (namespace == PidNamespaces.UNREADABLE || namespace == PidNamespaces.GLOBAL) {
            return Liveness.UNKNOWN; // its namespace is unknown, or ours is: no pid can be compared
        }
        return PidNamespaces.judge(namespace, pid(owner), recordedStart);
    }

    /** {@return the namespace word that an owner in this process's pid namespace stores (for tests that forge owners)} */
    public static long namespaceWordHere(long owner) {
        return namespaceWord(owner, PidNamespaces.self());
    }

    /** {@return the namespace word of an owner in a namespace} */
    static long namespaceWord(long owner, long namespace) {
        return namespace << 32 | (owner & LOW_HALF);
    }

    /**
     * {@return whether a process found by pid is the recorded owner} Alive if it exists and, where
     * the system reports start times, started at the recorded time.
     */
    static Liveness judgeProcess(Optional<ProcessHandle> process, long recordedStart) {
        if (process.isEmpty() || !process.get().isAlive()) {
            return Liveness.DEAD;
        }
        long actualStart = startBits(process.get());
        return recordedStart == 0 || actualStart == 0 || recordedStart == actualStart ? Liveness.ALIVE : Liveness.DEAD;
    }

    /** {@return the owner word of a process} */
    static long pack(ProcessHandle process) {
        return process.pid() << 32 | startBits(process);
    }

    private static long startBits(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L) & LOW_HALF;
    }
}
