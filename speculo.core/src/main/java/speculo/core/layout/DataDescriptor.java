package speculo.core.layout;

/**
 * Layout of a data object, which holds one generation of an area at a time
 * ({@code NAME.<slot>.<salt>}, see {@link speculo.core.area.AreaNames}): a header, the index a
 * garbage collection wrote, then records (see {@link RecordDescriptor}). An object is recycled for
 * a later generation once no reader announces its generation ({@link PresenceDescriptor}); its
 * header is then written again, and a reader checks the generation after mapping it.
 *
 * <pre>
 *   0                   1                   2                   3                   4                   5                   6
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
 *  +---------------------------------------------------------------+
 *  |                         Magic ("SPCLDATA")                     |   0 \
 *  +---------------------------------------------------------------+      |
 *  |                         Format version                         |   8  |
 *  +---------------------------------------------------------------+      |
 *  |                         Generation                             |  16  |
 *  +---------------------------------------------------------------+      |
 *  |                         Object size in bytes                   |  24  |  fixed while it holds a generation:
 *  +---------------------------------------------------------------+      |  written plain by the writer
 *  |                         Index entry count n                    |  32  |  before the object is published
 *  +---------------------------------------------------------------+      |  (first committedTail store, then the switch)
 *  |                         Records offset                         |  40  |
 *  +---------------------------------------------------------------+      |
 *  |                         Copied end                             |  48  |
 *  +---------------------------------------------------------------+      |
 *  |                         Sequence floor                         |  56 /
 *  +---------------------------------------------------------------+
 *  |                         Committed tail                         |  64  writer release / readers acquire
 *  +---------------------------------------------------------------+
 *  |                         Notices through the floor              |  72  written plain before publication, like 0-56
 *  +---------------------------------------------------------------+
 *  |                         Id table slots s (0: no mirror)        |  80  written plain before publication, like 0-56
 *  +---------------------------------------------------------------+
 *  |                         (reserved, zero) ... to offset 128     |
 *  +---------------------------------------------------------------+
 *  |          Index by sequence: n record offsets, ascending          | 128
 *  +---------------------------------------------------------------+
 *  |          Index by id: n (id, record offset) pairs, id ascending  | 128 + 8n
 *  +---------------------------------------------------------------+
 *  |          Id table: s (id, record offset) slots, a mirror's only  | 128 + 24n
 *  +---------------------------------------------------------------+
 *  |          Records, from "records offset" (a multiple of 64)      |
 *  |          ... up to "object size"                               |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <ul>
 *   <li><b>Copied end</b>: end of the records a collection copied here (all indexed); records from
 *       there on were appended afterwards.</li>
 *   <li><b>Sequence floor</b>: the highest sequence number the area had assigned when this object
 *       was created; every record here has a higher one, and a recovering writer continues after
 *       the highest of the floor and the last record.</li>
 *   <li><b>Notices through the floor</b>: how many of the sequence numbers up to the floor the
 *       area ever gave to removal notices ({@link RecordDescriptor}), so that a reader resuming
 *       here can tell the chunks a collection dropped from the notices it dropped.</li>
 *   <li><b>Id table</b> (a {@linkplain ControlDescriptor#FLAG_MIRROR mirror}'s generations only):
 *       where the first copy in this generation of each chunk written since the collection is,
 *       by id, for handles of the mirrored source, which name a chunk by its id alone. Open
 *       addressing: the slot of an id is {@link #idTableHome}, then the next ones, wrapping. A
 *       slot is free while its id word is 0. The writer fills a slot before it commits the
 *       record it names: the offset with a plain store, then the id with a release; readers load
 *       the id with an acquire, then the offset, and take an offset at or past the committed tail
 *       for "not committed yet". A slot keeps its id for the generation's life; writing a chunk of
 *       that id again (its copy here expired or was removed) stores the new offset with a release.
 *       {@link #ID_TABLE_TOMBSTONE} is the offset a taking-over writer leaves in a slot whose record
 *       its dead predecessor never committed. The writer collects when three quarters of the
 *       slots are taken.</li>
 *   <li><b>Committed tail</b>: end of the committed records. Records below it never change except
 *       their successor word (R13); bytes at and beyond it are not published and readers never
 *       read them (R7).</li>
 * </ul>
 */
public final class DataDescriptor {

    /** "SPCLDATA" in ASCII, big-endian. */
    public static final long MAGIC = 0x5350434C44415441L;

    /** Offset of the magic word. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the format version ({@link ControlDescriptor#FORMAT_VERSION}). */
    public static final int VERSION_OFFSET = MAGIC_OFFSET + Long.BYTES;
    /** Offset of the generation the object holds, the one the control object names it for. */
    public static final int GENERATION_OFFSET = VERSION_OFFSET + Long.BYTES;
    /** Offset of the object's size in bytes, equal to the mapping's size. */
    public static final int OBJECT_SIZE_OFFSET = GENERATION_OFFSET + Long.BYTES;
    /** Offset of the index entry count. */
    public static final int INDEX_COUNT_OFFSET = OBJECT_SIZE_OFFSET + Long.BYTES;
    /** Offset of the offset of the first record. */
    public static final int RECORDS_OFFSET_OFFSET = INDEX_COUNT_OFFSET + Long.BYTES;
    /** Offset of the end of the copied (indexed) records. */
    public static final int COPIED_END_OFFSET = RECORDS_OFFSET_OFFSET + Long.BYTES;
    /** Offset of the sequence floor. */
    public static final int SEQUENCE_FLOOR_OFFSET = COPIED_END_OFFSET + Long.BYTES;
    /** Offset of the committed tail, alone on its cache line: the hottest word of the protocol. */
    public static final int COMMITTED_TAIL_OFFSET = Layout.CACHE_LINE;
    /**
     * Offset of the count of removal notices with a sequence number at most the floor. It shares
     * the committed tail's cache line, but changes only while no reader maps the object.
     */
    public static final int NOTICES_THROUGH_FLOOR_OFFSET = COMMITTED_TAIL_OFFSET + Long.BYTES;
    /**
     * Offset of the number of id table slots: 0 in an area that is no mirror, else at least
     * {@link #MIN_ID_TABLE_SLOTS}.
     */
    public static final int ID_TABLE_SLOTS_OFFSET = NOTICES_THROUGH_FLOOR_OFFSET + Long.BYTES;
    /** Length of the header; the index starts here. */
    public static final int HEADER_LENGTH = COMMITTED_TAIL_OFFSET + Layout.CACHE_LINE;

    /** Bytes of one sequence-index entry: a record offset. */
    public static final int SEQUENCE_ENTRY_LENGTH = Long.BYTES;
    /** Bytes of one id-index entry: an id, then a record offset. */
    public static final int ID_ENTRY_LENGTH = 2 * Long.BYTES;
    /** Bytes of index per indexed record. */
    public static final int INDEX_BYTES_PER_RECORD = SEQUENCE_ENTRY_LENGTH + ID_ENTRY_LENGTH;

    /** Bytes of one id table slot: an id, then a record offset. */
    public static final int ID_TABLE_SLOT_LENGTH = 2 * Long.BYTES;
    /** A mirror's first generation has an id table of a slot per this many bytes of record space. */
    public static final int RECORD_SPACE_PER_ID_SLOT = 128;
    /** The fewest slots of a mirror generation's id table. */
    public static final long MIN_ID_TABLE_SLOTS = 64;
    /** The offset in an id table slot whose record was never committed (left by a takeover). */
    public static final long ID_TABLE_TOMBSTONE = -1;

    private DataDescriptor() {
    }

    /**
     * {@return the id table slots of a mirror generation of {@code capacity} bytes of record space,
     * before its writer knows the size of its chunks} One per {@value #RECORD_SPACE_PER_ID_SLOT}
     * bytes, at least {@value #MIN_ID_TABLE_SLOTS}. A collection sizes the table of the next
     * generation by what the writer measured instead.
     */
    public static long idTableSlotsFor(long capacity) {
        return Math.max(MIN_ID_TABLE_SLOTS, capacity / RECORD_SPACE_PER_ID_SLOT);
    }

    /** {@return the offset of the id table, after an index of {@code n} entries} */
    public static long idTableOffset(long n) {
        return HEADER_LENGTH + n * INDEX_BYTES_PER_RECORD;
    }

    /**
     * {@return the slot where the search for {@code id} starts, in a table of {@code slots}} The id
     * modulo the slots: a mirror's ids come mostly in runs of consecutive numbers (a source's
     * stream), which then fill consecutive slots, so that a copy's slot is in the cache line of the
     * one before. Spread over the table instead (Fibonacci hashing was measured), each copy of a
     * stream of 64 B chunks missed the cache once, 30 % of the copy's time.
     */
    public static long idTableHome(long id, long slots) {
        return Long.remainderUnsigned(id, slots);
    }

    /** {@return the offset of entry {@code i} of the sequence index} */
    public static long sequenceEntryOffset(long i) {
        return HEADER_LENGTH + i * SEQUENCE_ENTRY_LENGTH;
    }

    /** {@return the offset of the id word of entry {@code i} of the id index, in an object with {@code n} entries} */
    public static long idEntryOffset(long n, long i) {
        return HEADER_LENGTH + n * SEQUENCE_ENTRY_LENGTH + i * ID_ENTRY_LENGTH;
    }

    /** {@return the record offset word of id-index entry {@code i}, in an object with {@code n} entries} */
    public static long idEntryRecordOffset(long n, long i) {
        return idEntryOffset(n, i) + Long.BYTES;
    }

    /** {@return where records start in an object whose index has {@code n} entries and no id table} */
    public static long recordsOffset(long n) {
        return recordsOffset(n, 0);
    }

    /** {@return where records start in an object whose index has {@code n} entries and whose id table has {@code slots} slots} */
    public static long recordsOffset(long n, long slots) {
        return Words.align(idTableOffset(n) + slots * ID_TABLE_SLOT_LENGTH, Layout.CACHE_LINE);
    }
}
