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
 *
 * <p>A store may also let a mapping make {@linkplain #view views}: further segments over the same
 * memory, each with an arena of its own, whose closing makes the view's segment and slices
 * invalid and unmaps nothing. A reader reads each generation through a view, so that leaving the
 * generation invalidates its chunks while the mapping stays for the generation its writer later
 * puts in the same object.
 */
public final class MappedObject implements AutoCloseable {

    /**
     * How a store makes a further segment over a mapping's memory ({@link #view}).
     */
    @FunctionalInterface
    public interface Viewer {

        /**
         * {@return a segment over the whole mapping, valid while {@code arena} is open} Closing
         * {@code arena} must unmap nothing.
         */
        MemorySegment over(Arena arena);
    }

    private final String name;
    private final MemorySegment segment;
    private final Arena arena;
    private final Backing backing;
    /** How to make views of this mapping; null where the store makes none, or for a view itself. */
    private final Viewer viewer;
    /** Run once when a view closes, after its arena; null for a mapping that is no view. */
    private final Runnable afterClose;

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
        this(name, segment, arena, backing, null, null);
    }

    /**
     * A read-only mapping, with memory behind all of it, that makes {@linkplain #view views}.
     *
     * @param name    the object's name
     * @param segment the mapped segment, page-aligned and read-only
     * @param arena   the shared arena that owns the mapping
     * @param viewer  how to make a further segment over the mapping's memory
     */
    public MappedObject(String name, MemorySegment segment, Arena arena, Viewer viewer) {
        this(name, segment, arena, Backing.COMPLETE, Objects.requireNonNull(viewer, "viewer"), null);
    }

    private MappedObject(String name, MemorySegment segment, Arena arena, Backing backing, Viewer viewer,
                         Runnable afterClose) {
        this.name = Objects.requireNonNull(name, "name");
        this.segment = Objects.requireNonNull(segment, "segment");
        this.arena = Objects.requireNonNull(arena, "arena");
        this.backing = Objects.requireNonNull(backing, "backing");
        this.viewer = viewer;
        this.afterClose = afterClose;
    }

    /** {@return whether this mapping makes {@linkplain #view views}} */
    public boolean makesViews() {
        return viewer != null;
    }

    /**
     * Makes a view: a read-only mapping of the same memory with an arena of its own. Closing the
     * view invalidates its segment and every slice of it, then runs {@code afterClose}; this
     * mapping stays. The caller closes every view before this mapping.
     *
     * @param afterClose what to run once the view is closed
     * @return the view, which makes no views itself
     * @throws UnsupportedOperationException if this mapping {@linkplain #makesViews makes no views}
     * @throws IllegalStateException         if this mapping is unmapped
     */
    public MappedObject view(Runnable afterClose) {
        Objects.requireNonNull(afterClose, "afterClose");
        if (viewer == null) {
            throw new UnsupportedOperationException("mapping of '" + name + "' makes no views");
        }
        if (!arena.scope().isAlive()) {
            throw new IllegalStateException("object '" + name + "' is unmapped");
        }
        Arena viewArena = Arena.ofShared();
        MemorySegment view = viewer.over(viewArena).asReadOnly();
        if (view.byteSize() != segment.byteSize()) {
            viewArena.close();
            throw new IllegalStateException("a view of '" + name + "' has " + view.byteSize() + " bytes, its mapping "
                    + segment.byteSize());
        }
        return new MappedObject(name, view, viewArena, Backing.COMPLETE, null, afterClose);
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

    /** Unmaps the object, or for a view, invalidates it and runs what follows its closing; idempotent. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
            if (afterClose != null) {
                afterClose.run();
            }
        }
    }
}
