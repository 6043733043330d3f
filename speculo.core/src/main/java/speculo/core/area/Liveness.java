package speculo.core.area;

/**
 * What this process can tell about the writer that owns an area (see {@link Ownership#judge}).
 * Only {@link #DEAD} and {@link #NONE} let another writer take the area over or a tool remove it;
 * {@link #UNKNOWN} is treated as alive, because taking over a live writer's area corrupts it.
 */
public enum Liveness {
    /** No writer owns the area. */
    NONE,
    /** The owner is a running process. */
    ALIVE,
    /** The owner's process is gone (or its pid now names a process that started later). */
    DEAD,
    /**
     * The owner runs in a pid namespace this process cannot see into (a container sharing the
     * objects with its host, or the host seen from a container), or is between taking the area
     * and recording its namespace: its pid means nothing here.
     */
    UNKNOWN;

    /** {@return whether an owner in this state must be left alone: alive, or not known to be dead} */
    public boolean holdsTheArea() {
        return this == ALIVE || this == UNKNOWN;
    }

    /** {@return the state in lower case, as tools print it} */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
