package speculo.core.write;

import speculo.core.area.DataObject;

/**
 * Where the expired records at the start of the current generation end, so that a collection
 * does not walk them: with a constant time to live, most of a full generation is expired records,
 * and a collection of small chunks spent its pause reading their headers, not copying (1 KiB
 * chunks: 64,000 records walked twice for 4,000 copied).
 *
 * <p>The writer reports every record it commits, in offset order, and so does the collector for
 * every record it copies. Once every record-space block of {@code stride} bytes, the first record
 * starting in it is kept as a checkpoint (offset, expiry). While the expiries of all records so
 * far never decrease, a checkpoint that has expired proves that every record before it has
 * expired as well; {@link #liveFrom} returns the last such checkpoint. One record that expires
 * before its predecessor (another time to live, a {@code NEVER} followed by a time to live) turns
 * this off for the rest of the generation: a collection then walks all of it, as before.
 *
 * <p>Allocation-free: at most {@link #CHECKPOINTS} checkpoints per generation, in arrays made once.
 */
final class ExpiredPrefix {

    /** The most checkpoints a generation gets; the stride grows with the generation to stay within. */
    static final int CHECKPOINTS = 1024;
    /** The smallest stride: checkpoints of small areas are not worth more than one per KiB. */
    private static final long MIN_STRIDE = 1024;

    private final long[] offsets = new long[CHECKPOINTS + 1];
    private final long[] expiries = new long[CHECKPOINTS + 1];
    private int count;
    private long start;
    private long stride;
    private long nextCheckpoint;
    private long lastExpiry;
    private boolean ordered;

    /** Starts on {@code generation}, before its first record is reported. */
    ExpiredPrefix(DataObject generation) {
        restart(generation);
    }

    /** Forgets everything: a new generation starts with no records. */
    void restart(DataObject generation) {
        long space = generation.size() - generation.recordsOffset();
        start = generation.recordsOffset();
        long perCheckpoint = Math.ceilDiv(space, CHECKPOINTS);
        stride = Math.max(MIN_STRIDE, Long.highestOneBit(perCheckpoint - 1) << 1); // the power of two at or above
        nextCheckpoint = start;
        count = 0;
        lastExpiry = Long.MIN_VALUE;
        ordered = true;
    }

    /** The record at {@code offset}, after every record reported so far, expires at {@code expiresAt} (epoch ms). */
    void added(long offset, long expiresAt) {
        if (expiresAt < lastExpiry) {
            ordered = false;
        }
        lastExpiry = expiresAt;
        if (offset >= nextCheckpoint && count < offsets.length) {
            offsets[count] = offset;
            expiries[count] = expiresAt;
            count++;
            nextCheckpoint = offset - (offset - start) % stride + stride;
        }
    }

    /**
     * {@return a record boundary before which every record has expired at {@code now}} The start
     * of the records if nothing is known to have expired.
     */
    long liveFrom(long now) {
        if (!ordered || count == 0 || expiries[0] > now) {
            return start;
        }
        int low = 0; // expiries[low] <= now
        int high = count; // expiries[high] > now, or past the end
        while (high - low > 1) {
            int mid = (low + high) >>> 1;
            if (expiries[mid] <= now) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return offsets[low];
    }
}
