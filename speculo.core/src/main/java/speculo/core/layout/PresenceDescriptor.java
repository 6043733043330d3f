package speculo.core.layout;

/**
 * Layout of a reader's presence object ({@code NAME.reader.<salt>}, see
 * {@link speculo.core.area.AreaNames}): the one thing a reader writes, created, mapped read-write
 * and closed by the reader itself, read by the writer to tell which retired generations it may
 * recycle. Only areas with {@link ControlDescriptor#FLAG_READERS_ANNOUNCE} have them.
 *
 * <pre>
 *   0                   1                   2                   3                   4                   5                   6
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
 *  +---------------------------------------------------------------+
 *  |                         Magic ("SPCLREAD")                     |  0   reader release, last of the header
 *  +---------------------------------------------------------------+
 *  |                         Format version                         |  8   reader, plain, before the magic
 *  +---------------------------------------------------------------+
 *  |                         Reader: pid (high 32) | start (low 32) | 16   reader, plain, before the magic
 *  +---------------------------------------------------------------+
 *  |       Reader's pid namespace (high 32) | reader start (low 32) | 24   reader, plain, before the magic
 *  +---------------------------------------------------------------+
 *  |                         (reserved, zero) ... to offset 64      |
 *  +---------------------------------------------------------------+
 *  |                         Held generation                        | 64   reader volatile / writer acquire
 *  +---------------------------------------------------------------+
 *  |                         Next generation                        | 72   reader volatile / writer acquire
 *  +---------------------------------------------------------------+
 *                                                                     128  end
 * </pre>
 *
 * <ul>
 *   <li><b>Held</b>: the generation whose object the reader maps, or {@link #NONE}.</li>
 *   <li><b>Next</b>: the generation the reader is about to map, or {@link #NONE}: the hazard.
 *       The reader stores it, then reads the current generation again and maps it only if it is
 *       still current; the writer switches, then reads every presence, and recycles a retired
 *       generation only if no live reader holds it or names it next. One of the two sees the
 *       other's store, so a reader never maps an object the writer is recycling.</li>
 * </ul>
 *
 * The reader and namespace words are those of the control object's owner
 * ({@link speculo.core.area.Ownership}): a presence whose reader is dead pins nothing.
 */
public final class PresenceDescriptor {

    /** "SPCLREAD" in ASCII, big-endian. */
    public static final long MAGIC = 0x5350434C52454144L;

    /** Offset of the magic word, stored last: a presence without it announces nothing yet. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the format version ({@link ControlDescriptor#FORMAT_VERSION}). */
    public static final int VERSION_OFFSET = MAGIC_OFFSET + Long.BYTES;
    /** Offset of the reader's process word: pid and start time, like the control object's owner word. */
    public static final int READER_OFFSET = VERSION_OFFSET + Long.BYTES;
    /** Offset of the reader's namespace word, like the control object's owner namespace word. */
    public static final int READER_NAMESPACE_OFFSET = READER_OFFSET + Long.BYTES;
    /** Offset of the held generation. */
    public static final int HELD_OFFSET = Layout.CACHE_LINE;
    /** Offset of the next generation. */
    public static final int NEXT_OFFSET = HELD_OFFSET + Long.BYTES;
    /** Bytes a presence object has. */
    public static final int LENGTH = 2 * Layout.CACHE_LINE;

    /** In the held or next word: no generation. */
    public static final long NONE = -1;

    private PresenceDescriptor() {
    }
}
