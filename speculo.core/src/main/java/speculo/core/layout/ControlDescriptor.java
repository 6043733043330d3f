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
 *  |                         Flags                                  | 24   writer, plain, before state OPEN
 *  +---------------------------------------------------------------+
 *  |        Mirrored source: 1 (bit 32) | source area tag (low 32) | 32   a mirror's writer release / readers acquire
 *  +---------------------------------------------------------------+
 *  |                         (reserved, zero) ... to offset 64      |
 *  +---------------------------------------------------------------+
 *  |                         State                                  | 64   writer release / readers acquire
 *  +---------------------------------------------------------------+
 *  |                         Owner: pid (high 32) | start (low 32)  | 128  writers CAS / everyone acquire
 *  +---------------------------------------------------------------+
 *  |       Owner's pid namespace (high 32) | owner start (low 32)   | 136  owner release, after its CAS / everyone acquire
 *  +---------------------------------------------------------------+
 *  |                         Current generation                     | 192  writer release / readers acquire: THE switch
 *  +---------------------------------------------------------------+
 *  |       Name salt of even generations: gen (high 16) | salt (48) | 200  writer release, before the generation is named / readers acquire
 *  +---------------------------------------------------------------+
 *  |       Name salt of odd generations:  gen (high 16) | salt (48) | 208  same
 *  +---------------------------------------------------------------+
 *  |       Slot of even generations:      gen (high 16) | slot (48) | 216  same
 *  +---------------------------------------------------------------+
 *  |       Slot of odd generations:       gen (high 16) | slot (48) | 224  same
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
    public static final long FORMAT_VERSION = 5;

    /** Offset of the magic word. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the format version. */
    public static final int VERSION_OFFSET = MAGIC_OFFSET + Long.BYTES;
    /** Offset of the area tag, a random 32-bit value chosen at creation and carried by every handle. */
    public static final int AREA_TAG_OFFSET = VERSION_OFFSET + Long.BYTES;
    /**
     * Offset of the flags word, fixed at creation: {@link #FLAG_READERS_ANNOUNCE}, {@link #FLAG_MIRROR}. Unknown bits
     * make the object incompatible.
     */
    public static final int FLAGS_OFFSET = AREA_TAG_OFFSET + Long.BYTES;
    /**
     * Offset of the mirrored source word of a {@linkplain #FLAG_MIRROR mirror}: zero until its writer
     * copies the first chunk of a source; then {@link #MIRRORED_SOURCE_KNOWN} or'ed with the source
     * area's tag, whose handles resolve on the mirror by id. Changes when the mirror follows another
     * source, rarely; always zero in an area that is no mirror.
     */
    public static final int MIRRORED_SOURCE_OFFSET = FLAGS_OFFSET + Long.BYTES;
    /** The bit of the mirrored source word that says it names a source. */
    public static final long MIRRORED_SOURCE_KNOWN = 1L << 32;
    /** Offset of the state word, one of {@link #STATE_INITIALIZING}, {@link #STATE_OPEN}, {@link #STATE_CLOSED}. */
    public static final int STATE_OFFSET = Layout.CACHE_LINE;
    /** Offset of the owner word, see {@link speculo.core.area.Ownership}; 0 when no writer owns the area. */
    public static final int OWNER_OFFSET = STATE_OFFSET + Layout.CACHE_LINE;
    /**
     * Offset of the owner's namespace word, see {@link speculo.core.area.Ownership}: the pid
     * namespace its pid is numbered in, and the owner word's low half, which tells this word
     * stale while a new owner has not yet stored its own. On the owner's cache line: both change
     * together, rarely.
     */
    public static final int OWNER_NAMESPACE_OFFSET = OWNER_OFFSET + Long.BYTES;
    /** Offset of the current generation: the generation readers must read. */
    public static final int CURRENT_GENERATION_OFFSET = OWNER_OFFSET + Layout.CACHE_LINE;
    /**
     * Offset of the first of two name-salt words, one per generation parity: the word of
     * generation {@code g} is at {@code NAME_SALT_OFFSET + (g & 1) * 8}. Its low 48 bits are the
     * random part of the data object's name ({@code NAME.<slot>.<salt>}, see
     * {@link speculo.core.area.AreaNames}), its high 16 the low 16 bits of {@code g}. The writer
     * stores the word of {@code g + 1} when it decides that generation's object (pending), while
     * readers only read the word of the current one; a word whose generation bits do not match
     * belongs to another generation and is read again. On the current generation's cache line:
     * readers load it right after the current generation, only when it changed. The salt belongs to
     * the object, not the generation: an object recycled for a later generation keeps its name.
     */
    public static final int NAME_SALT_OFFSET = CURRENT_GENERATION_OFFSET + Long.BYTES;
    /**
     * Offset of the first of two slot words, one per generation parity, beside the salt words:
     * the word of generation {@code g} is at {@code SLOT_OFFSET + (g & 1) * 8}, its low 48 bits
     * the pool slot of the object that holds {@code g} ({@code NAME.<slot>.<salt>}), its high 16
     * the low 16 bits of {@code g}, stored and read like the salt word.
     */
    public static final int SLOT_OFFSET = NAME_SALT_OFFSET + 2 * Long.BYTES;
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

    /**
     * Flag: every reader of the area announces the generations it maps in a presence object of
     * its own ({@link PresenceDescriptor}), and the writer recycles a retired generation's object
     * once no reader announces it. Without it readers announce nothing and the writer never
     * recycles.
     */
    public static final long FLAG_READERS_ANNOUNCE = 1;
    /**
     * Flag: the area is a mirror of another ({@code WriterOptions.asMirror}): its chunks carry the ids
     * of the source's chunks they copy, its data objects hold an id table ({@link DataDescriptor}),
     * and handles of the source named by the mirrored source word resolve on it by id.
     */
    public static final long FLAG_MIRROR = 2;
    /** Every flag this version knows. */
    public static final long KNOWN_FLAGS = FLAG_READERS_ANNOUNCE | FLAG_MIRROR;

    /** Bits of random salt in a data object's name. */
    public static final int SALT_BITS = 48;

    private ControlDescriptor() {
    }

    /** {@return the offset of the slot word of generation {@code generation}} */
    public static int slotOffset(long generation) {
        return SLOT_OFFSET + (int) (generation & 1) * Long.BYTES;
    }

    /** {@return the offset of the name-salt word of generation {@code generation}} */
    public static int nameSaltOffset(long generation) {
        return NAME_SALT_OFFSET + (int) (generation & 1) * Long.BYTES;
    }
}
