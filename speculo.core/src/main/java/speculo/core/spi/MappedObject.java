package speculo.core.spi;

import java.io.IOException;
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
    private final Backing backing;

    /**
     * How a store puts memory behind a range of a mapping on request ({@link #reserve}).
     */
    @FunctionalInterface
    public interface Backing {

        /** For mappings whose whole object has memory behind it already: does nothing. */
        Backing COMPLETE = (segment, offset, length) -> { };

        /**
         * Puts memory behind {@code [offset, offset + length)} of {@code segment}, within its bounds.
         *
         * @throws IOException if the system has no room left
         */
        void back(MemorySegment segment, long offset, long length) throws IOException;
    }

    /**
     * A mapping of an object with memory behind all of it.
     *
     * @param name    the object's name
     * @param segment the mapped segment, page-aligned, read-only for read-only mappings
     * @param arena   the shared arena that owns the mapping
     */
    public MappedObject(String name, MemorySegment segment, Arena arena) {
        this(name, segment, arena, Backing.COMPLETE);
    }

    /**
     * A mapping whose object may lack memory behind parts of it until {@link #reserve reserved}.
     *
     * @param name    the object's name
     * @param segment the mapped segment, page-aligned, read-only for read-only mappings
     * @param arena   the shared arena that owns the mapping
     * @param backing how to put memory behind a range
     */
    public MappedObject(String name, MemorySegment segment, Arena arena, Backing backing) {
        this.name = Objects.requireNonNull(name, "name");
        this.segment = Objects.requireNonNull(segment, "segment");
        this.arena = Objects.requireNonNull(arena, "arena");
        this.backing = Objects.requireNonNull(backing, "backing");
    }

    /**
     * Makes sure memory is behind {@code [offset, offset + length)}, so that stores there cannot
     * fault for want of it. Idempotent; free where the whole object is backed.
     *
     * @param offset where the range starts
     * @param length its length
     * @throws IndexOutOfBoundsException if the range is not within the mapping
     * @throws IllegalStateException     if the object is unmapped
     * @throws IOException               if the system has no room left
     */
    public void reserve(long offset, long length) throws IOException {
        Objects.checkFromIndexSize(offset, length, segment.byteSize());
        if (!arena.scope().isAlive()) {
            // A backing takes the mapping's address, not the segment: check here that it is still mapped.
            throw new IllegalStateException("object '" + name + "' is unmapped");
        }
        backing.back(segment, offset, length);
    }

    /** {@return whether memory is behind the whole object already, so that {@link #reserve} does nothing} */
    public boolean fullyBacked() {
        return backing == Backing.COMPLETE;
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
