package speculo.core.area;

import static speculo.core.layout.DataDescriptor.*;
import static speculo.core.layout.RecordDescriptor.*;

import java.lang.foreign.MemorySegment;
import speculo.api.ChunkHandle;
import speculo.api.CorruptAreaException;
import speculo.api.IncompatibleFormatException;
import speculo.api.internal.HandleParts;
import speculo.core.layout.ControlDescriptor;
import speculo.core.layout.DataDescriptor;
import speculo.core.layout.RecordDescriptor;
import speculo.core.layout.Layout;
import speculo.core.layout.Words;
import speculo.core.spi.MappedObject;

/**
 * Typed, checked access to a mapped data object: one generation of an area (layout:
 * {@link speculo.core.layout.DataDescriptor} and {@link speculo.core.layout.RecordDescriptor}).
 *
 * <p>The immutable header is read and checked once, when the object is wrapped. Every other value
 * read from shared memory (committed tail, record fields, index entries, successor links) is
 * checked where it is read, read exactly once, and used from a local: a hostile writer that
 * changes bytes under a reader cannot make it read out of bounds, loop, or mix two values.
 */
public final class DataObject implements AutoCloseable {

    /** Returned by lookups that find nothing. */
    public static final long NOT_FOUND = -1;
    /** What {@link #resolve} returns for a chunk whose newest copy is marked removed (not dropped yet). */
    public static final long REMOVED_CHUNK = -2;

    /** A link that keeps changing to records of other ids is not a takeover's reset but a fault: give up. */
    private static final int MAX_LINK_REREADS = 1000;

    private final String area;
    private final MappedObject mapping;
    private final MemorySegment segment;
    private final long generation;
    private final long size;
    /**
     * Where this generation's record space ends for its writer: the object's size, or less where
     * the writer made the object larger than its generation, to grow into (the writer's own
     * bookkeeping, not in the format: readers read up to the committed tail and check it against
     * the size).
     */
    private final long recordsEnd;
    private final long indexCount;
    private final long recordsOffset;
    private final long copiedEnd;
    private final long sequenceFloor;
    private final long noticesThroughFloor;
    /** Slots of the id table; 0 in a generation of an area that is no mirror. */
    private final long idTableSlots;
    private final long idTableOffset;

    private DataObject(String area, MappedObject mapping, long generation, long indexCount, long recordsOffset,
                       long copiedEnd, long sequenceFloor, long noticesThroughFloor, long idTableSlots, long recordsEnd) {
        this.area = area;
        this.mapping = mapping;
        this.segment = mapping.segment();
        this.generation = generation;
        this.size = mapping.size();
        this.recordsEnd = recordsEnd;
        this.indexCount = indexCount;
        this.recordsOffset = recordsOffset;
        this.copiedEnd = copiedEnd;
        this.sequenceFloor = sequenceFloor;
        this.noticesThroughFloor = noticesThroughFloor;
        this.idTableSlots = idTableSlots;
        this.idTableOffset = DataDescriptor.idTableOffset(indexCount);
    }

    /**
     * Writes the header of a freshly created, zero-filled object and wraps it. The header and
     * the index are published by the first {@link #publishTail} and by the generation switch.
     *
     * @param area          the area
     * @param mapping       the new object, mapped read-write
     * @param generation    its generation
     * @param indexCount    how many records a collection will copy (and index) into it
     * @param copiedBytes   how many bytes those records take
     * @param sequenceFloor the highest sequence number assigned so far
     * @param notices       how many of those went to removal notices
     * @param slots         the slots of its id table, empty: 0 unless the area is a mirror
     * @return the object, whose record space ends at the object's end; its committed tail is the
     *         records offset (no records yet)
     */
    public static DataObject create(String area, MappedObject mapping, long generation, long indexCount,
                                    long copiedBytes, long sequenceFloor, long notices, long slots) {
        return create(area, mapping, generation, indexCount, copiedBytes, sequenceFloor, notices, slots,
                mapping.size());
    }

    /**
     * {@link #create(String, MappedObject, long, long, long, long, long, long)}, for a generation
     * whose record space ends at {@code recordsEnd}, before the object's end: the rest is room for
     * later generations to grow into.
     *
     * @param recordsEnd where the generation's record space ends, at most the object's size
     */
    public static DataObject create(String area, MappedObject mapping, long generation, long indexCount,
                                    long copiedBytes, long sequenceFloor, long notices, long slots, long recordsEnd) {
        MemorySegment s = mapping.segment();
        long recordsOffset = DataDescriptor.recordsOffset(indexCount, slots);
        if (recordsOffset + copiedBytes > recordsEnd || recordsEnd > mapping.size()) {
            throw new IllegalArgumentException("object of " + mapping.size() + " bytes, records up to " + recordsEnd
                    + ", cannot hold " + indexCount + " index entries, " + slots + " id table slots and "
                    + copiedBytes + " bytes of records");
        }
        Words.set(s, MAGIC_OFFSET, MAGIC);
        Words.set(s, VERSION_OFFSET, ControlDescriptor.FORMAT_VERSION);
        Words.set(s, GENERATION_OFFSET, generation);
        Words.set(s, OBJECT_SIZE_OFFSET, mapping.size());
        Words.set(s, INDEX_COUNT_OFFSET, indexCount);
        Words.set(s, RECORDS_OFFSET_OFFSET, recordsOffset);
        Words.set(s, COPIED_END_OFFSET, recordsOffset + copiedBytes);
        Words.set(s, SEQUENCE_FLOOR_OFFSET, sequenceFloor);
        Words.set(s, NOTICES_THROUGH_FLOOR_OFFSET, notices);
        Words.set(s, ID_TABLE_SLOTS_OFFSET, slots);
        // A recycled object holds an older generation's table: every slot must read free.
        s.asSlice(DataDescriptor.idTableOffset(indexCount), slots * ID_TABLE_SLOT_LENGTH).fill((byte) 0);
        Words.setRelease(s, COMMITTED_TAIL_OFFSET, recordsOffset);
        return new DataObject(area, mapping, generation, indexCount, recordsOffset, recordsOffset + copiedBytes,
                sequenceFloor, notices, slots, recordsEnd);
    }

    /**
     * Checks the header of a mapped object and wraps it.
     *
     * @param area               the area
     * @param mapping            the object, mapped read-only or read-write
     * @param expectedGeneration the generation named by the control object
     * @return the object
     * @throws CorruptAreaException        if a header value is impossible
     * @throws IncompatibleFormatException if the format version is another one
     */
    public static DataObject open(String area, MappedObject mapping, long expectedGeneration) {
        MemorySegment s = mapping.segment();
        long objectSize = mapping.size();
        if (objectSize < DataDescriptor.HEADER_LENGTH) {
            throw new CorruptAreaException(area, mapping.name(), 0, "object of " + objectSize
                    + " bytes is smaller than a data header (" + DataDescriptor.HEADER_LENGTH + ")");
        }
        Header h = new Header(area, mapping.name());
        h.expect(MAGIC_OFFSET, Words.get(s, MAGIC_OFFSET) == MAGIC, "bad magic, not a speculo data object");
        long version = Words.get(s, VERSION_OFFSET);
        if (version != ControlDescriptor.FORMAT_VERSION) {
            throw new IncompatibleFormatException(area, mapping.name(), version, ControlDescriptor.FORMAT_VERSION);
        }
        long generation = Words.get(s, GENERATION_OFFSET);
        h.expect(GENERATION_OFFSET, generation == expectedGeneration,
                "generation " + generation + ", expected " + expectedGeneration);
        long declaredSize = Words.get(s, OBJECT_SIZE_OFFSET);
        h.expect(OBJECT_SIZE_OFFSET, declaredSize == objectSize,
                "declares " + declaredSize + " bytes, the object has " + objectSize);
        long n = Words.get(s, INDEX_COUNT_OFFSET);
        h.expect(INDEX_COUNT_OFFSET, n >= 0 && n <= (objectSize - DataDescriptor.HEADER_LENGTH) / INDEX_BYTES_PER_RECORD,
                "index count " + n + " does not fit the object");
        long slots = Words.get(s, ID_TABLE_SLOTS_OFFSET);
        h.expect(ID_TABLE_SLOTS_OFFSET, slots >= 0 && slots <= (objectSize - DataDescriptor.idTableOffset(n)) / ID_TABLE_SLOT_LENGTH
                && (slots == 0 || slots >= MIN_ID_TABLE_SLOTS), "id table of " + slots + " slots does not fit the object");
        long records = Words.get(s, RECORDS_OFFSET_OFFSET);
        h.expect(RECORDS_OFFSET_OFFSET, records == DataDescriptor.recordsOffset(n, slots) && records <= objectSize,
                "records offset " + records + " does not follow an index of " + n + " entries and an id table of "
                        + slots + " slots");
        long copied = Words.get(s, COPIED_END_OFFSET);
        h.expect(COPIED_END_OFFSET, copied >= records && copied <= objectSize && Words.isAligned(copied, Layout.WORD)
                && (n > 0 || copied == records), "copied end " + copied + " is out of bounds");
        long floor = Words.get(s, SEQUENCE_FLOOR_OFFSET);
        h.expect(SEQUENCE_FLOOR_OFFSET, floor >= 0, "negative sequence floor " + floor);
        long notices = Words.get(s, NOTICES_THROUGH_FLOOR_OFFSET);
        h.expect(NOTICES_THROUGH_FLOOR_OFFSET, notices >= 0 && notices <= floor - n,
                "removal notices through the floor " + notices + " are more than the " + (floor - n)
                        + " sequence numbers up to floor " + floor + " not copied here");
        return new DataObject(area, mapping, generation, n, records, copied, floor, notices, slots, objectSize);
    }

    /**
     * {@return whether a mapped object says it holds {@code generation}} A quick look before
     * {@link #open}, for callers that may meet an object recycled since they read its name.
     */
    public static boolean holds(MappedObject mapping, long generation) {
        return mapping.size() >= DataDescriptor.HEADER_LENGTH
                && Words.getAcquire(mapping.segment(), GENERATION_OFFSET) == generation
                && Words.get(mapping.segment(), MAGIC_OFFSET) == MAGIC; // not a standby whose header is still zero
    }

    /** Collects header checks so each failure names its offset. */
    private record Header(String area, String object) {
        void expect(long offset, boolean ok, String reason) {
            if (!ok) {
                throw new CorruptAreaException(area, object, offset, reason);
            }
        }
    }

    // ----------------------------------------------------------------------------------------
    // Header values

    /** {@return this object's generation} */
    public long generation() {
        return generation;
    }

    /** {@return the object's size in bytes} */
    public long size() {
        return size;
    }

    /**
     * {@return where this generation's record space ends for its writer} The object's size, except
     * in an object a writer {@linkplain #create(String, MappedObject, long, long, long, long, long, long, long)
     * created} with room to grow. An object opened (by a reader, or a writer taking an area over)
     * is filled to its size.
     */
    public long recordsEnd() {
        return recordsEnd;
    }

    /** {@return where records start} */
    public long recordsOffset() {
        return recordsOffset;
    }

    /** {@return the end of the records a collection copied here} */
    public long copiedEnd() {
        return copiedEnd;
    }

    /** {@return the number of index entries} */
    public long indexCount() {
        return indexCount;
    }

    /** {@return the highest sequence number assigned before this object was created} */
    public long sequenceFloor() {
        return sequenceFloor;
    }

    /** {@return how many sequence numbers up to the {@linkplain #sequenceFloor() floor} went to removal notices} */
    public long noticesThroughFloor() {
        return noticesThroughFloor;
    }

    /** {@return the slots of the id table: 0 unless the area is a mirror} */
    public long idTableSlots() {
        return idTableSlots;
    }

    /** {@return the mapped segment} */
    public MemorySegment segment() {
        return segment;
    }

    /** {@return the mapping, for the writer to give the object to a later generation} */
    public MappedObject mapping() {
        return mapping;
    }

    /** {@return the object's name} */
    public String objectName() {
        return mapping.name();
    }

    // ----------------------------------------------------------------------------------------
    // The committed tail

    /**
     * Reads the committed tail with acquire ordering: every record below it is complete.
     *
     * @return the tail, checked to be aligned and within the record space
     */
    public long committedTail() {
        long tail = Words.getAcquire(segment, COMMITTED_TAIL_OFFSET);
        if (tail < copiedEnd || tail > size || !Words.isAligned(tail, Layout.WORD)) {
            throw corrupt(COMMITTED_TAIL_OFFSET, "committed tail " + tail + " outside [" + copiedEnd + ", " + size + "]");
        }
        return tail;
    }

    /** Publishes every record below {@code tail} with a release store (the commit, R7). */
    public void publishTail(long tail) {
        Words.setRelease(segment, COMMITTED_TAIL_OFFSET, tail);
    }

    // ----------------------------------------------------------------------------------------
    // Records

    /**
     * Reads and checks the data length of the record at {@code offset}, which must be aligned and
     * below {@code limit}.
     *
     * @param offset a record offset
     * @param limit  the committed tail the record must end within
     * @return the data length; the record ends at {@code offset + recordLength(length)} &le; {@code limit}
     */
    public long checkedLength(long offset, long limit) {
        if (limit - offset < RecordDescriptor.HEADER_LENGTH) {
            throw corrupt(offset, "record header crosses the committed tail " + limit);
        }
        long length = Words.get(segment, offset + LENGTH_OFFSET);
        if (length < 0 || length > limit - offset - RecordDescriptor.HEADER_LENGTH) {
            throw corrupt(offset + LENGTH_OFFSET, "record length " + length + " crosses the committed tail " + limit);
        }
        return length;
    }

    /** {@return the sequence number of the record at {@code offset}; plain load (immutable after commit)} */
    public long sequence(long offset) {
        return Words.get(segment, offset + SEQUENCE_OFFSET);
    }

    /** {@return the id of the record at {@code offset}} */
    public long id(long offset) {
        return Words.get(segment, offset + ID_OFFSET);
    }

    /** {@return the expiry of the record at {@code offset}, in epoch milliseconds} */
    public long expiresAt(long offset) {
        return Words.get(segment, offset + EXPIRES_AT_OFFSET);
    }

    /**
     * Reads the successor word of the record at {@code offset} with acquire ordering (so the
     * newer copy it points to is visible) and checks it.
     *
     * @param offset a record offset
     * @return {@link speculo.core.layout.RecordDescriptor#CURRENT}, {@link speculo.core.layout.RecordDescriptor#REMOVED},
     *         or an aligned offset greater than {@code offset} and within the object
     */
    public long successor(long offset) {
        long successor = Words.getAcquire(segment, offset + SUCCESSOR_OFFSET);
        if (successor != CURRENT && successor != REMOVED
                && (successor <= offset || successor > size - RecordDescriptor.HEADER_LENGTH || !Words.isAligned(successor, Layout.WORD))) {
            throw corrupt(offset + SUCCESSOR_OFFSET, "successor " + successor + " of the record at " + offset
                    + " is not a later record");
        }
        return successor;
    }

    /** Sets the successor word of the record at {@code offset} with a release store (replace, remove). */
    public void setSuccessor(long offset, long successor) {
        Words.setRelease(segment, offset + SUCCESSOR_OFFSET, successor);
    }

    /** Writes a record header with plain stores, to be published by a later {@link #publishTail}. */
    public void writeHeader(long offset, long length, long sequence, long id, long expiresAt) {
        Words.set(segment, offset + LENGTH_OFFSET, length);
        Words.set(segment, offset + SEQUENCE_OFFSET, sequence);
        Words.set(segment, offset + ID_OFFSET, id);
        Words.set(segment, offset + EXPIRES_AT_OFFSET, expiresAt);
        Words.set(segment, offset + SUCCESSOR_OFFSET, CURRENT);
    }

    /**
     * Writes a removal notice of chunk {@code id} with plain stores, to be published by a later
     * {@link #publishTail}: a record with no data whose successor is already
     * {@link RecordDescriptor#REMOVED}.
     */
    public void writeRemovalNotice(long offset, long sequence, long id, long removedAt) {
        writeHeader(offset, 0, sequence, id, removedAt);
        Words.set(segment, offset + SUCCESSOR_OFFSET, REMOVED);
    }

    /**
     * Checks that a sequence number read from a record follows the previous one.
     *
     * @param offset   the record's offset
     * @param sequence its sequence number
     * @param previous the previous record's sequence number (or the floor)
     */
    public void checkSequence(long offset, long sequence, long previous) {
        if (sequence <= previous) {
            throw corrupt(offset + SEQUENCE_OFFSET, "sequence " + sequence + " does not follow " + previous);
        }
    }

    // ----------------------------------------------------------------------------------------
    // The index

    /**
     * Finds where the stream continues after {@code sequence}, by binary search on the sequence
     * index.
     *
     * @param sequence a sequence number
     * @return the index of the first indexed record with a higher sequence number, or
     *         {@link #indexCount()} if there is none
     */
    public long indexAfterSequence(long sequence) {
        long low = 0;
        long high = indexCount;
        while (low < high) {
            long mid = (low + high) >>> 1;
            if (sequence(indexedRecord(mid)) <= sequence) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /**
     * Returns the offset of an indexed record.
     *
     * @param index an index from 0 to {@link #indexCount()}
     * @return the offset of the {@code index}-th copied record, or {@link #copiedEnd()} for {@code indexCount()}
     */
    public long indexedRecord(long index) {
        return index == indexCount ? copiedEnd : indexedOffset(sequenceEntryOffset(index), copiedEnd);
    }

    /**
     * Finds the copied record of a chunk id, by binary search on the id index.
     *
     * @param id a chunk id
     * @return the record's offset, or {@link #NOT_FOUND}
     */
    public long lookupId(long id) {
        if (indexCount == 0 || id > Words.get(segment, idEntryOffset(indexCount, indexCount - 1))) {
            return NOT_FOUND; // above the highest: a stream's new chunks, looked up by a mirror's writer
        }
        long low = 0;
        long high = indexCount - 1;
        while (low <= high) {
            long mid = (low + high) >>> 1;
            long entry = idEntryOffset(indexCount, mid);
            long midId = Words.get(segment, entry);
            if (midId < id) {
                low = mid + 1;
            } else if (midId > id) {
                high = mid - 1;
            } else {
                long offset = indexedOffset(entry + Long.BYTES, copiedEnd);
                if (id(offset) != id) {
                    throw corrupt(entry, "id index entry " + id + " points to a record with id " + id(offset));
                }
                return offset;
            }
        }
        return NOT_FOUND;
    }

    private long indexedOffset(long entryOffset, long limit) {
        long offset = Words.get(segment, entryOffset);
        if (offset < recordsOffset || offset > limit - RecordDescriptor.HEADER_LENGTH || !Words.isAligned(offset, Layout.WORD)) {
            throw corrupt(entryOffset, "index entry points to " + offset + ", outside the copied records");
        }
        return offset;
    }

    // ----------------------------------------------------------------------------------------
    // The id table (a mirror's)

    /** {@return the offset of id table slot {@code slot}} */
    private long slotOffset(long slot) {
        return idTableOffset + slot * ID_TABLE_SLOT_LENGTH;
    }

    /**
     * Finds, in the id table, the first copy in this generation of chunk {@code id}, written since
     * the collection.
     *
     * @param id   a chunk id
     * @param tail the committed tail, read before
     * @return the record's offset, below {@code tail}; {@link #NOT_FOUND} if no slot holds the id
     *         or its record is not committed
     */
    public long lookupIdTable(long id, long tail) {
        long slot = DataDescriptor.idTableHome(id, idTableSlots);
        for (long probes = 0; probes < idTableSlots; probes++) {
            long entry = slotOffset(slot);
            long found = Words.getAcquire(segment, entry);
            if (found == 0) {
                return NOT_FOUND;
            }
            if (found == id) {
                return tableRecord(entry, id, tail);
            }
            slot = slot + 1 == idTableSlots ? 0 : slot + 1;
        }
        return NOT_FOUND; // every slot taken by other ids: a writer collects long before, so a fault
    }

    /** {@return the committed record of chunk {@code id} the id table slot at {@code entry} names, or {@link #NOT_FOUND}} */
    private long tableRecord(long entry, long id, long tail) {
        long offset = Words.getAcquire(segment, entry + Long.BYTES);
        for (int rereads = 0; ; rereads++) {
            if (offset == ID_TABLE_TOMBSTONE || offset >= tail) {
                return NOT_FOUND; // not committed, or never will be (its writer died)
            }
            if (offset < copiedEnd || offset > tail - RecordDescriptor.HEADER_LENGTH || !Words.isAligned(offset, Layout.WORD)) {
                throw corrupt(entry + Long.BYTES, "id table slot of id " + id + " points to " + offset
                        + ", outside the records appended since the collection");
            }
            if (id(offset) == id) {
                return offset;
            }
            // A takeover tombstones a slot its dead predecessor left before writing over the bytes
            // it names; reading the slot again after that tail tells the two apart.
            long again = Words.getAcquire(segment, entry + Long.BYTES);
            if (again == offset || rereads == MAX_LINK_REREADS) {
                throw corrupt(entry + Long.BYTES, "id table slot of id " + id + " points to a record of id " + id(offset));
            }
            offset = again;
        }
    }

    /**
     * Fills the id table slot of chunk {@code id} with the offset of its record, before the record
     * is committed: the offset first, then the id with a release store. A slot that holds the id
     * already (its copy here expired or was removed) gets the new offset with a release store.
     *
     * @return whether a free slot was taken
     * @throws IllegalStateException if no slot is free (the writer collects before)
     */
    public boolean putIdTable(long id, long offset) {
        long slot = DataDescriptor.idTableHome(id, idTableSlots);
        for (long probes = 0; probes < idTableSlots; probes++) {
            long entry = slotOffset(slot);
            long found = Words.get(segment, entry);
            if (found == id) {
                Words.setRelease(segment, entry + Long.BYTES, offset);
                return false;
            }
            if (found == 0) {
                Words.set(segment, entry + Long.BYTES, offset);
                Words.setRelease(segment, entry, id);
                return true;
            }
            slot = slot + 1 == idTableSlots ? 0 : slot + 1;
        }
        throw new IllegalStateException("the id table of " + objectName() + " is full");
    }

    /**
     * Marks the id table slots that name records at or past {@code tail}, which a dead writer
     * filled but never committed, with {@link DataDescriptor#ID_TABLE_TOMBSTONE}, before a
     * taking-over writer appends over those bytes.
     *
     * @return how many slots are taken
     */
    public long scrubIdTable(long tail) {
        long taken = 0;
        for (long slot = 0; slot < idTableSlots; slot++) {
            long entry = slotOffset(slot);
            if (Words.get(segment, entry) != 0) {
                taken++;
                long offset = Words.get(segment, entry + Long.BYTES);
                if (offset != ID_TABLE_TOMBSTONE && offset >= tail) {
                    Words.setRelease(segment, entry + Long.BYTES, ID_TABLE_TOMBSTONE);
                }
            }
        }
        return taken;
    }

    // ----------------------------------------------------------------------------------------
    // Handles

    /**
     * Resolves a handle to the record of the newest copy of its chunk in this generation.
     *
     * <p>A handle of this generation must point at a committed record of its id (they never
     * move); one of an older generation must carry an id assigned before this generation (at most
     * the sequence floor) and is looked up in the id index: its offset cannot be checked any more,
     * so a chunk not found there was dropped. Then successor links are followed; offsets strictly
     * increase, so the walk ends.
     *
     * <p>A handle of a mirror's source ({@code bySourceId}) names a chunk by its id alone: the id
     * table has its first copy here if it was written since the collection, else the id index if
     * the collection copied it.
     *
     * @param handle     the handle, already checked to carry this area's tag or its mirrored source's
     * @param bySourceId whether it carries the mirrored source's tag
     * @return the newest copy's offset, {@link #REMOVED_CHUNK} if the chunk was removed, or
     *         {@link #NOT_FOUND} if a collection dropped it (or the mirror holds no copy of it)
     * @throws IllegalArgumentException if the handle cannot be one this area issued
     * @throws CorruptAreaException     if a link or the index is impossible
     */
    public long resolve(ChunkHandle handle, boolean bySourceId) {
        long offset;
        long handleGeneration = HandleParts.access().generation(handle);
        if (bySourceId) {
            offset = lookupIdTable(handle.id(), committedTail());
            if (offset == NOT_FOUND) {
                offset = lookupId(handle.id());
            }
            if (offset == NOT_FOUND) {
                return NOT_FOUND;
            }
        } else if (handleGeneration == generation) {
            offset = HandleParts.access().offset(handle);
            long tail = committedTail();
            if (offset < recordsOffset || offset > tail - RecordDescriptor.HEADER_LENGTH || !Words.isAligned(offset, Layout.WORD)
                    || id(offset) != handle.id()) {
                throw new IllegalArgumentException("handle " + handle + " does not name a chunk of area '" + area
                        + "' generation " + generation + ": no record of id " + handle.id() + " at offset " + offset);
            }
        } else if (handleGeneration < generation) {
            // A chunk of an older generation was written before this one was made: its id is at most
            // the floor, unless it is a mirror's, whose ids are its source's.
            if (handle.id() > sequenceFloor && idTableSlots == 0) {
                throw new IllegalArgumentException("handle " + handle + " names id " + handle.id() + " in generation "
                        + handleGeneration + " of area '" + area + "', which never assigned it (at most "
                        + sequenceFloor + " by then)");
            }
            offset = lookupId(handle.id());
            if (offset == NOT_FOUND) {
                return NOT_FOUND;
            }
        } else {
            throw new IllegalArgumentException("handle " + handle + " names generation " + handleGeneration
                    + " of area '" + area + "', which is only at generation " + generation);
        }
        long id = handle.id();
        long successor = successor(offset);
        int rereads = 0;
        while (true) {
            if (successor == CURRENT) {
                return offset;
            }
            if (successor == REMOVED) {
                return REMOVED_CHUNK;
            }
            // The tail is read after the link: a replacement links first and commits second, so a
            // link at or past the tail is not committed yet (or never will be: its writer died)
            // and this copy is still the newest.
            if (successor >= committedTail()) {
                return offset;
            }
            if (id(successor) != id) {
                // A takeover resets a dead writer's link before it writes over the bytes it named;
                // reading the link again after that tail tells a reset from a corrupt link.
                long again = successor(offset);
                if (again == successor || ++rereads > MAX_LINK_REREADS) {
                    throw corrupt(offset + SUCCESSOR_OFFSET, "successor " + successor + " is not a committed copy of chunk " + id);
                }
                successor = again;
                continue;
            }
            offset = successor;
            successor = successor(offset);
        }
    }

    /**
     * Puts memory behind {@code [offset, offset + length)} before the writer stores there (see
     * {@link speculo.core.spi.ObjectStore#create(String, long, long, speculo.api.AreaPermissions)}).
     *
     * @throws speculo.api.AreaIOException if the system has no room left
     */
    public void reserve(long offset, long length) {
        try {
            mapping.reserve(offset, length);
        } catch (java.io.IOException e) {
            throw Failures.of(area, mapping.name(), "reserve memory for", e);
        }
    }

    /** {@return whether memory is behind the whole object already, so that {@link #reserve} does nothing} */
    public boolean fullyBacked() {
        return mapping.fullyBacked();
    }

    /** {@return an exception for a bad value at {@code offset} of this object} */
    public CorruptAreaException corrupt(long offset, String reason) {
        return new CorruptAreaException(area, mapping.name(), offset, reason);
    }

    /** Unmaps the object; chunks that point into it become invalid. */
    @Override
    public void close() {
        mapping.close();
    }
}
