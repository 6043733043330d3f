package speculo.core.layout;

/**
 * Layout of an area's control object, named like the area ({@code NAME}). Small and fixed; a
 * reader maps it read-only for its whole life and loads {@code currentGeneration} on every request.
 *
 * <pre>
 *   0                   1                   2                   3                   4                   5                   6
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
 *  +---------------------------------------------------------------+
 *  |                         Magic ("SPCLCTRL")                     |  0   writer, plain, before state OPEN
 *  +---------------------------------------------------------------+
 *  |                         Format version                         |  8   writer, plain, before state OPEN
 *  +---------------------------------------------------------------+
 *  |                         Area tag (low 32 bits)                 | 16   writer, plain, before state OPEN
 *  +---------------------------------------------------------------+
 *  |                         (reserved, zero) ... to offset 64      |
 *  +---------------------------------------------------------------+
 *  |                         State                                  | 64   writer release / readers acquire
 *  +---------------------------------------------------------------+
 *  |                         Owner: pid (high 32) | start (low 32)  | 128  writers CAS / everyone acquire
 *  +---------------------------------------------------------------+
 *  |                         Current generation                     | 192  writer release / readers acquire: THE switch
 *  +---------------------------------------------------------------+
 *  |                         Pending generation                     | 256  writer release / writers acquire (recovery)
 *  +---------------------------------------------------------------+
 *                                                                     320  end; the object is one page
 * </pre>
 *
 * Each mutable word has a 64-byte cache line to itself so that the writer's rare stores never
 * invalidate the line readers poll.
 */
public final class ControlDescriptor {

    /** "SPCLCTRL" in ASCII, big-endian. */
    public static final long MAGIC = 0x5350434C4354524CL;
    /** The format version of both object kinds; bumped on any incompatible change. */
    public static final long FORMAT_VERSION = 1;

    /** Offset of the magic word. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the format version. */
    public static final int VERSION_OFFSET = MAGIC_OFFSET + Long.BYTES;
    /** Offset of the area tag, a random 32-bit value chosen at creation and carried by every handle. */
    public static final int AREA_TAG_OFFSET = VERSION_OFFSET + Long.BYTES;
    /** Offset of the state word, one of {@link #STATE_INITIALIZING}, {@link #STATE_OPEN}, {@link #STATE_CLOSED}. */
    public static final int STATE_OFFSET = Layout.CACHE_LINE;
    /** Offset of the owner word, see {@link speculo.core.area.Ownership}; 0 when no writer owns the area. */
    public static final int OWNER_OFFSET = STATE_OFFSET + Layout.CACHE_LINE;
    /** Offset of the current generation: the generation readers must read. */
    public static final int CURRENT_GENERATION_OFFSET = OWNER_OFFSET + Layout.CACHE_LINE;
    /**
     * Offset of the pending generation: equal to current, or the next one, whose object a
     * collection is building or the writer is preparing ahead (a standby): the name a recovering
     * writer removes.
     */
    public static final int PENDING_GENERATION_OFFSET = CURRENT_GENERATION_OFFSET + Layout.CACHE_LINE;
    /** Bytes a control object needs. */
    public static final int LENGTH = PENDING_GENERATION_OFFSET + Layout.CACHE_LINE;
    /** Bytes a control object is created with: one page. */
    public static final int OBJECT_SIZE = 4096;

    /** State of a control object just created: not ready for readers (a zero-filled object reads as this). */
    public static final long STATE_INITIALIZING = 0;
    /** State while a writer owns the area or died owning it. */
    public static final long STATE_OPEN = 1;
    /** State after a writer closed the area cleanly. */
    public static final long STATE_CLOSED = 2;

    private ControlDescriptor() {
    }
}
