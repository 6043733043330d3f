package speculo.core.write;

import speculo.core.layout.RecordDescriptor;

/**
 * The writer's own log of the records of the current generation: the offset and expiry of each
 * one committed or copied into it, newest last, and from where on those records form a
 * <em>plain stream</em>, so that a collection can copy the records at the tail without reading
 * their headers back from shared memory (DECISIONS 34).
 *
 * <p>From where the plain stream starts to the tail, every record is current (none was removed or
 * replaced), its id is its sequence (it replaces nothing), the sequences are consecutive and the
 * expiries never decrease. So once one record there is live, every record after it is live too:
 * the collector copies them all with one bulk copy and writes their index entries from this log
 * (sequences counted back from the last one's), and the writer's on-demand statistics count them
 * from it. What breaks the stream moves its start past it: a removal or replacement (past the old
 * copy), a replacement's new copy (past it), a record whose sequence skips numbers (a collection
 * dropped the dead ones between) or whose expiry is earlier than the one before it (to it).
 *
 * <p>Bounded: a ring of the last {@code capacity} records, so a plain stream longer than that
 * starts, for its readers ({@link #plainPart}), where the ring does. A ring found too short asks
 * for one twice as long, which the next generation gets, up to {@link #MAX_ENTRIES}. Two rings:
 * the collector reads the old generation's while it fills the new generation's. Allocation-free
 * on the append path.
 */
final class RecordLog {

    /** The records a ring holds at first: 64 KiB of heap per ring. */
    static final int INITIAL_ENTRIES = 1 << 12;
    /** The most records a ring holds: 8 MiB of heap per ring. */
    static final int MAX_ENTRIES = 1 << 19;

    /** Whether writers keep the log; {@code -Dspeculo.writer.plainCopy=false} turns it off, read at each writer's open. */
    static boolean enabled() {
        return !"false".equals(System.getProperty("speculo.writer.plainCopy"));
    }

    private final boolean enabled;
    private Entries current;
    private Entries spare;
    private int wanted = INITIAL_ENTRIES;
    /** Where the plain stream starts: a record boundary, or {@link Long#MAX_VALUE} for a disabled log. */
    private long plainFrom;

    /**
     * A log of a generation whose records before {@code tail} it was not told of (a writer that
     * took the area over did not write them): its plain stream starts at the tail.
     *
     * @param enabled false for a log that logs nothing: no plain stream, ever
     */
    RecordLog(long tail, boolean enabled) {
        this.enabled = enabled;
        this.current = new Entries(enabled ? INITIAL_ENTRIES : 1);
        this.spare = new Entries(enabled ? INITIAL_ENTRIES : 1);
        start(tail);
    }

    /** {@return the entries of the current generation} */
    Entries entries() {
        return current;
    }

    /** The record {@code [offset, end)}, after every record logged so far, was committed or copied. */
    void committed(long offset, long end, long sequence, long id, long expiresAt) {
        if (!enabled) {
            return;
        }
        if (id != sequence) {
            plainFrom = Math.max(plainFrom, end);
        } else if (sequence != current.lastSequence + 1 || expiresAt < current.lastExpiry) {
            plainFrom = Math.max(plainFrom, offset);
        }
        current.add(offset, expiresAt, sequence);
    }

    /** The record ending at {@code end} was removed or replaced. */
    void retired(long end) {
        plainFrom = Math.max(plainFrom, end);
    }

    /**
     * {@return the entry of the record where a walk of the records from {@code liveFrom} (a record
     * boundary) can stop, or -1 if none before {@code tail}} It starts the plain stream past
     * {@code liveFrom}, or, if the ring no longer reaches back there, the oldest record the ring
     * holds; in that case the next generation gets a ring twice as long. From that record to the
     * tail the log knows every record: offsets, expiries in order, consecutive sequences.
     */
    long plainPart(long liveFrom, long tail) {
        long from = Math.max(liveFrom, plainFrom);
        if (from >= tail) {
            return -1;
        }
        if (from < current.oldestOffset()) {
            wanted = Math.min(MAX_ENTRIES, current.capacity() * 2);
        }
        return current.indexOf(Math.max(from, current.oldestOffset()));
    }

    /**
     * Starts the log of a new generation whose records begin at {@code recordsOffset}; {@return the
     * entries of the old generation} They stay readable until the next restart.
     */
    Entries restart(long recordsOffset) {
        Entries old = current;
        current = enabled && spare.capacity() < wanted ? new Entries(wanted) : spare;
        current.clear();
        spare = old;
        start(recordsOffset);
        return old;
    }

    private void start(long from) {
        plainFrom = enabled ? from : Long.MAX_VALUE;
    }

    /**
     * The entries of one generation: a ring of the last records' offsets and expiries, side by side
     * in one array (entry {@code k} at {@code 2 (k mod capacity)}), so that a commit stores into one
     * cache line.
     */
    static final class Entries {

        private final long[] words;
        private final int mask;
        /** How many records were logged in all; the ring holds the last {@code capacity} of them. */
        private long count;
        /** The sequence and expiry of the last record logged; {@link Long#MIN_VALUE} before the first. */
        private long lastSequence = Long.MIN_VALUE;
        private long lastExpiry = Long.MIN_VALUE;

        private Entries(int capacity) {
            words = new long[2 * capacity];
            mask = 2 * capacity - 1;
        }

        private void add(long offset, long expiresAt, long sequence) {
            int at = (int) (count << 1) & mask;
            words[at] = offset;
            words[at + 1] = expiresAt;
            lastSequence = sequence;
            lastExpiry = expiresAt;
            count++;
        }

        private void clear() {
            count = 0;
            lastSequence = Long.MIN_VALUE;
            lastExpiry = Long.MIN_VALUE;
        }

        private int capacity() {
            return words.length >> 1;
        }

        /** {@return how many records were logged} Entry {@code k} is the {@code k}-th of them, from 0. */
        long count() {
            return count;
        }

        /** {@return the offset of the oldest record the ring still holds, or {@link Long#MAX_VALUE} if none} */
        long oldestOffset() {
            return count == 0 ? Long.MAX_VALUE : offset(oldest());
        }

        /** {@return the entry of the record at {@code offset}, or -1 if the ring does not hold it} */
        long indexOf(long offset) {
            long low = oldest();
            long high = count - 1;
            while (low <= high) {
                long mid = (low + high) >>> 1;
                long at = offset(mid);
                if (at < offset) {
                    low = mid + 1;
                } else if (at > offset) {
                    high = mid - 1;
                } else {
                    return mid;
                }
            }
            return -1;
        }

        /**
         * {@return the first entry from {@code from} on whose record is live at {@code now}, or
         * {@link #count()} if none} By binary search: for entries of the plain stream, whose
         * expiries never decrease.
         */
        long firstLive(long from, long now) {
            long low = from;
            long high = count;
            while (low < high) {
                long mid = (low + high) >>> 1;
                if (expiry(mid) > now) {
                    high = mid;
                } else {
                    low = mid + 1;
                }
            }
            return low;
        }

        /** {@return the sequence of the last record logged} */
        long lastSequence() {
            return lastSequence;
        }

        /** {@return the offset of entry {@code k}, one the ring holds} */
        long offset(long k) {
            return words[(int) (k << 1) & mask];
        }

        /** {@return the expiry of entry {@code k} (epoch ms, or {@link RecordDescriptor#NEVER})} */
        long expiry(long k) {
            return words[((int) (k << 1) & mask) + 1];
        }

        private long oldest() {
            return Math.max(0, count - capacity());
        }
    }
}
