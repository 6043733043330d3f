package speculo.core.write;

import java.util.Arrays;
import speculo.core.area.DataObject;
import speculo.core.layout.RecordDescriptor;

/**
 * Where the expired records at the start of the current generation end, so that a collection
 * does not walk them: with a constant time to live, most of a full generation is expired records,
 * and a collection of small chunks spent its pause reading their headers, not copying (1 KiB
 * chunks: 64,000 records walked twice for 4,000 copied).
 *
 * <p>The writer reports every record it commits, in offset order, and so does the collector for
 * every record it copies. Once every record-space block of {@code stride} bytes, the first record
 * starting in it that expires is kept as a checkpoint (offset, expiry). While the expiries of the
 * records that expire never decrease, a checkpoint that has expired proves that every such record
 * before it has expired as well; {@link #liveFrom} returns the last such checkpoint. Records that
 * never expire (shared blocks next to a stream) are kept aside, in order, up to {@link #KEPT} of
 * them: a collection looks at those before the checkpoint one by one. One record that expires
 * before its predecessor (another time to live), or more records that never expire than can be
 * kept, turns this off for the rest of the generation: a collection then walks all of it.
 *
 * <p>Allocation-free: at most {@link #CHECKPOINTS} checkpoints and {@link #KEPT} records that never
 * expire per generation, in arrays made once.
 */
final class ExpiredPrefix {

    /** The most checkpoints a generation gets; the stride grows with the generation to stay within. */
    static final int CHECKPOINTS = 1024;
    /** The most records that never expire a generation may hold with the prefix still known. */
    static final int KEPT = 256;
    /** The smallest stride: checkpoints of small areas are not worth more than one per KiB. */
    private static final long MIN_STRIDE = 1024;

    private final long[] offsets = new long[CHECKPOINTS + 1];
    private final long[] expiries = new long[CHECKPOINTS + 1];
    private final long[] neverExpiring = new long[KEPT];
    private int count;
    private int kept;
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
        kept = 0;
        lastExpiry = Long.MIN_VALUE;
        ordered = true;
    }

    /** The record at {@code offset}, after every record reported so far, expires at {@code expiresAt} (epoch ms). */
    void added(long offset, long expiresAt) {
        if (expiresAt == RecordDescriptor.NEVER) {
            if (kept < KEPT) {
                neverExpiring[kept++] = offset;
            } else {
                ordered = false;
            }
            return;
        }
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
     * {@return a record boundary before which every record has expired at {@code now}, except
     * the {@linkplain #neverExpiringBefore records that never expire}} The start of the records if
     * nothing is known to have expired.
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

    /**
     * {@return the offsets of the records that never expire before {@code liveFrom}, a value
     * {@link #liveFrom} returned, in offset order} A copy: the collection restarts this object for
     * the new generation while it still visits them.
     */
    long[] neverExpiringBefore(long liveFrom) {
        int n = 0;
        while (n < kept && neverExpiring[n] < liveFrom) {
            n++;
        }
        return Arrays.copyOf(neverExpiring, n);
    }
}
