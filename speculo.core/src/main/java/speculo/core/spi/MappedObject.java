package speculo.core.spi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * One mapping of a named object: its segment and the arena whose closing unmaps it.
 *
 * <p>After {@link #close()}, every access to the segment, or to a slice of it handed out
 * earlier, throws {@link IllegalStateException}: a stale chunk can never read unmapped memory.
 * The arena must be shared (any thread may read chunks while the mapping lives).
 */
public final class MappedObject implements AutoCloseable {

    private final String name;
    private final MemorySegment segment;
    private final Arena arena;

    /**
     * @param name    the object's name
     * @param segment the mapped segment, page-aligned, read-only for read-only mappings
     * @param arena   the shared arena that owns the mapping
     */
    public MappedObject(String name, MemorySegment segment, Arena arena) {
        this.name = Objects.requireNonNull(name, "name");
        this.segment = Objects.requireNonNull(segment, "segment");
        this.arena = Objects.requireNonNull(arena, "arena");
    }

    /** {@return the object's name} */
    public String name() {
        return name;
    }

    /** {@return the mapped segment} */
    public MemorySegment segment() {
        return segment;
    }

    /** {@return the mapping's size in bytes} */
    public long size() {
        return segment.byteSize();
    }

    /** Unmaps the object; idempotent. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
