package speculo.core.area;

import speculo.core.layout.RecordDescriptor;

/**
 * Walks the committed records of a data object in order, checking each one: its header within
 * the limit, its length, its sequence strictly above the previous one, its id, its successor
 * link. Reusable and allocation-free; the reader's stream, the collector and the recovering
 * writer all walk records with it.
 *
 * <p>After {@link #next()} returns {@code true}, the fields of the record are in the accessors;
 * each was read from shared memory exactly once.
 */
public final class RecordCursor {

    private DataObject object;
    private long position;
    private long limit;
    private long lastSequence;

    private long offset;
    private long length;
    private long sequence;
    private long id;
    private long expiresAt;
    private long successor;

    /**
     * Positions the cursor.
     *
     * @param object       the data object
     * @param position     the offset of the next record to read (a record boundary)
     * @param lastSequence the sequence number the next record must exceed
     */
    public void reset(DataObject object, long position, long lastSequence) {
        this.object = object;
        this.position = position;
        this.lastSequence = lastSequence;
        this.limit = position;
    }

    /** Sets how far the cursor may read: a committed tail, at or after the position. */
    public void limit(long limit) {
        this.limit = limit;
    }

    /**
     * Reads and checks the next record.
     *
     * @return {@code false} if the limit is reached
     * @throws speculo.api.CorruptAreaException if the record is impossible
     */
    public boolean next() {
        if (position >= limit) {
            return false;
        }
        long at = position;
        long len = object.checkedLength(at, limit);
        long seq = object.sequence(at);
        object.checkSequence(at, seq, lastSequence);
        long chunkId = object.id(at);
        // A chunk's id is the sequence of its first copy, at or below the sequence of every later
        // one; a mirror's ids are its source's, any positive number.
        if (chunkId <= 0 || chunkId > seq && object.idTableSlots() == 0) {
            throw object.corrupt(at + RecordDescriptor.ID_OFFSET, "id " + chunkId + " of the record with sequence " + seq
                    + " is not a positive sequence at or below it");
        }
        offset = at;
        length = len;
        sequence = seq;
        id = chunkId;
        expiresAt = object.expiresAt(at);
        successor = object.successor(at);
        position = at + RecordDescriptor.recordLength(len);
        lastSequence = seq;
        return true;
    }

    /** {@return the offset after the last record read: where the next one starts} */
    public long position() {
        return position;
    }

    /** {@return the sequence number of the last record read (or the initial bound)} */
    public long lastSequence() {
        return lastSequence;
    }

    /** {@return the record's offset} */
    public long offset() {
        return offset;
    }

    /** {@return the record's data length} */
    public long length() {
        return length;
    }

    /** {@return the record's length with header and padding} */
    public long recordLength() {
        return RecordDescriptor.recordLength(length);
    }

    /** {@return the record's sequence number} */
    public long sequence() {
        return sequence;
    }

    /** {@return the record's chunk id} */
    public long id() {
        return id;
    }

    /** {@return the record's expiry, epoch ms} */
    public long expiresAt() {
        return expiresAt;
    }

    /** {@return the record's successor word as read} */
    public long successor() {
        return successor;
    }

    /**
     * {@return whether the record is the newest copy of its chunk as of the limit} It is unless it
     * was removed or linked to a newer copy below the limit. A link at or past the limit names a
     * replacement that is not committed within it: the writer links the older copy before it
     * publishes the newer one, so that a replacement takes effect in one step, at its commit (see
     * {@link RecordDescriptor}); a writer that died in between leaves such a link for good.
     */
    public boolean isCurrent() {
        return successor == RecordDescriptor.CURRENT || successor != RecordDescriptor.REMOVED && successor >= limit;
    }

    /** {@return whether the record is a removal notice (see {@link RecordDescriptor}): never current} */
    public boolean isRemovalNotice() {
        return successor == RecordDescriptor.REMOVED;
    }

    /** {@return whether the record is {@linkplain #isCurrent() current} and has not expired at {@code now}} */
    public boolean isLive(long now) {
        return isCurrent() && expiresAt > now;
    }
}
