package speculo.core.layout;

/**
 * Layout of a record: one copy of a chunk within a data object. Records start 8-byte aligned and
 * follow each other without gaps.
 *
 * <pre>
 *   0                   1                   2                   3                   4                   5                   6
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
 *  +---------------------------------------------------------------+
 *  |                         Data length in bytes                   |  0  \
 *  +---------------------------------------------------------------+     |  written plain before the
 *  |                         Sequence                               |  8   |  committed-tail release store
 *  +---------------------------------------------------------------+     |  that publishes the record;
 *  |                         Id                                     | 16   |  never change afterwards (R13)
 *  +---------------------------------------------------------------+     |
 *  |                         Expires at (epoch ms)                  | 24  /
 *  +---------------------------------------------------------------+
 *  |                         Successor                              | 32  writer release / readers acquire
 *  +---------------------------------------------------------------+
 *  |                         Data ...                               | 40
 *  |                         ... padded with zeros to 8 bytes       |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <ul>
 *   <li><b>Sequence</b>: unique and strictly increasing over every record the area ever had;
 *       collections keep it. Consecutive: every number up to the highest was assigned to a
 *       committed record, so a gap between two records a reader sees counts dropped records.</li>
 *   <li><b>Id</b>: the chunk's logical identity, the sequence of its first copy; kept by
 *       replacements.</li>
 *   <li><b>Expires at</b>: {@link #NEVER} if the chunk does not expire.</li>
 *   <li><b>Successor</b>: {@link #CURRENT} while this is the newest copy; the (strictly greater)
 *       offset of the newer copy after a replacement or removal. The only word of a record that
 *       changes after commit. A replacement links the old copy <em>before</em> it commits the new
 *       one, so a link at or past the committed tail means "not replaced yet": readers read the
 *       tail after the link and treat such a copy as the newest.</li>
 * </ul>
 *
 * <p>A <b>removal notice</b> is a record with no data whose successor is {@link #REMOVED} from
 * its commit on: a removal replaces the chunk's newest copy by one, exactly as a replacement
 * does, so it takes effect in one step and stream readers see it in order. Its id is the removed
 * chunk's, its expiry the time of the removal. No other record ever has successor
 * {@link #REMOVED}; collections drop notices like every record that is not current.
 */
public final class RecordDescriptor {

    /** Offset of the data length. */
    public static final int LENGTH_OFFSET = 0;
    /** Offset of the sequence number. */
    public static final int SEQUENCE_OFFSET = LENGTH_OFFSET + Long.BYTES;
    /** Offset of the id. */
    public static final int ID_OFFSET = SEQUENCE_OFFSET + Long.BYTES;
    /** Offset of the expiry time. */
    public static final int EXPIRES_AT_OFFSET = ID_OFFSET + Long.BYTES;
    /** Offset of the successor word. */
    public static final int SUCCESSOR_OFFSET = EXPIRES_AT_OFFSET + Long.BYTES;
    /** Length of the record header; the data starts here. */
    public static final int HEADER_LENGTH = SUCCESSOR_OFFSET + Long.BYTES;

    /** Successor value of the newest copy. */
    public static final long CURRENT = 0;
    /** Successor value of a removal notice, written before its commit and never changed. */
    public static final long REMOVED = -1;
    /** Expiry value of a chunk that never expires. */
    public static final long NEVER = Long.MAX_VALUE;

    private RecordDescriptor() {
    }

    /** {@return the bytes a record with {@code dataLength} bytes of data takes, padding included} */
    public static long recordLength(long dataLength) {
        return Words.align(HEADER_LENGTH + dataLength, Layout.WORD);
    }

    /** {@return the offset of the data of the record at {@code recordOffset}} */
    public static long dataOffset(long recordOffset) {
        return recordOffset + HEADER_LENGTH;
    }
}
