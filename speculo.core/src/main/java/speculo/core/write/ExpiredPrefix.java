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
 * starting in it that expires is kept as a checkpoint: its offset, and the latest expiry of it and
 * of every record before it that expires. Those latest expiries never decrease, so once a
 * checkpoint's has passed, every such record up to it has expired; {@link #liveFrom} returns the
 * last such checkpoint, found by binary search. Any mix of times to live works: with a constant
 * one the latest expiry is the checkpoint's own; a longer one in between holds the skip back at
 * that record until it expires; a shorter one is covered by the longer ones before it. Records
 * that never expire (shared blocks next to a stream) are kept aside, in order, up to
 * {@link #KEPT} of them: a collection looks at those before the checkpoint one by one. More
 * records that never expire than can be kept turn this off for the rest of the generation: a
 * collection then walks all of it.
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
    /** At each checkpoint, the latest expiry of the records that expire up to and including it. */
    private final long[] latestExpiries = new long[CHECKPOINTS + 1];
    /** At each checkpoint, how many records (of any kind) come before it. */
    private final long[] recordsBefore = new long[CHECKPOINTS + 1];
    private final long[] neverExpiring = new long[KEPT];
    private int count;
    private int kept;
    private long start;
    private long stride;
    private long nextCheckpoint;
    private long latestExpiry;
    private long reported;
    /** False once more records that never expire came than can be kept: nothing is known to be skippable. */
    private boolean known;

    /** Starts on {@code generation}, before its first record is reported. */
    ExpiredPrefix(DataObject generation) {
        restart(generation);
    }

    /** Forgets everything: a new generation starts with no records. */
    void restart(DataObject generation) {
        long space = generation.recordsEnd() - generation.recordsOffset();
        start = generation.recordsOffset();
        long perCheckpoint = Math.ceilDiv(space, CHECKPOINTS);
        stride = Math.max(MIN_STRIDE, Long.highestOneBit(perCheckpoint - 1) << 1); // the power of two at or above
        nextCheckpoint = start;
        count = 0;
        kept = 0;
        latestExpiry = Long.MIN_VALUE;
        reported = 0;
        known = true;
    }

    /** The record at {@code offset}, after every record reported so far, expires at {@code expiresAt} (epoch ms). */
    void added(long offset, long expiresAt) {
        long before = reported++;
        if (expiresAt == RecordDescriptor.NEVER) {
            if (kept < KEPT) {
                neverExpiring[kept++] = offset;
            } else {
                known = false;
            }
            return;
        }
        latestExpiry = Math.max(latestExpiry, expiresAt);
        if (offset >= nextCheckpoint && count < offsets.length) {
            offsets[count] = offset;
            latestExpiries[count] = latestExpiry;
            recordsBefore[count] = before;
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
        if (!known || count == 0 || latestExpiries[0] > now) {
            return start;
        }
        int low = 0; // latestExpiries[low] <= now
        int high = count; // latestExpiries[high] > now, or past the end
        while (high - low > 1) {
            int mid = (low + high) >>> 1;
            if (latestExpiries[mid] <= now) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return offsets[low];
    }

    /**
     * {@return how many records lie before {@code liveFrom}, a value {@link #liveFrom} returned}
     *
     * @throws IllegalArgumentException if {@link #liveFrom} cannot have returned it
     */
    long recordsBefore(long liveFrom) {
        if (liveFrom == start) {
            return 0;
        }
        int at = Arrays.binarySearch(offsets, 0, count, liveFrom);
        if (at < 0) {
            throw new IllegalArgumentException("no checkpoint at " + liveFrom);
        }
        return recordsBefore[at];
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
