package speculo.core.write;

import speculo.core.area.RecordCursor;
import speculo.core.layout.RecordDescriptor;

/**
 * The writer's count of live and dead records in the current generation, in records and in
 * bytes (headers and padding included). {@code liveBytes + deadBytes} always equals the used
 * record space; a collection starts the count afresh.
 */
final class Accounting {

    long liveBytes;
    long deadBytes;
    long liveChunks;
    long deadChunks;

    /** A record was committed. */
    void added(long recordLength) {
        liveBytes += recordLength;
        liveChunks++;
    }

    /** A live record was replaced, removed or expired. */
    void died(long recordLength) {
        liveBytes -= recordLength;
        liveChunks--;
        deadBytes += recordLength;
        deadChunks++;
    }

    /** A removal notice was committed: dead bytes from the start, and no chunk. */
    void notice(long recordLength) {
        deadBytes += recordLength;
    }

    /**
     * Counts a record met in a walk over the committed records: a removal notice as
     * {@linkplain #notice such}; a chunk as added, and dead unless it is live at {@code now}; a live
     * one that expires goes to {@code expiry}.
     */
    void count(RecordCursor record, long now, ExpiryTracker expiry) {
        if (record.isRemovalNotice()) {
            notice(record.recordLength());
            return;
        }
        added(record.recordLength());
        if (!record.isLive(now)) {
            died(record.recordLength());
        } else if (record.expiresAt() != RecordDescriptor.NEVER) {
            expiry.track(record.expiresAt(), record.offset());
        }
    }

    /** {@code records} records of {@code recordBytes} in all, known to have expired, were not read. */
    void expiredUnread(long records, long recordBytes) {
        deadChunks += records;
        deadBytes += recordBytes;
    }

    /** {@code records} records of {@code recordBytes} in all, known to be live, were not read. */
    void liveUnread(long records, long recordBytes) {
        liveChunks += records;
        liveBytes += recordBytes;
    }

    /** Forgets everything (a new generation starts). */
    void reset() {
        liveBytes = 0;
        deadBytes = 0;
        liveChunks = 0;
        deadChunks = 0;
    }
}
