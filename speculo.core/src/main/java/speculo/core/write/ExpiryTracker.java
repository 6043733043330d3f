package speculo.core.write;

import java.util.Arrays;

/**
 * The writer's queue of records that will expire, so it can count expired bytes as dead for its GC
 * policy without scanning the area. Allocation-free once its arrays have grown.
 *
 * <p>Two parts: a FIFO ring for the common case — expiry times that never decrease, as with a
 * constant time to live — where adding and removing are O(1); and a binary min-heap for the
 * records that arrive out of order, O(log n). The earliest record is the earlier of the two heads.
 *
 * <p>A disabled tracker tracks nothing: the writer of the default policy, which never needs
 * statistics to decide, counts expired records when {@code stats()} is called instead.
 */
final class ExpiryTracker {

    private final boolean enabled;

    private final Queue fifo = new Queue();
    private long[] heapExpiries = new long[16];
    private long[] heapOffsets = new long[16];
    private int heapSize;

    /** A tracker; a disabled one ignores {@link #track}. */
    ExpiryTracker(boolean enabled) {
        this.enabled = enabled;
    }

    /** Adds a record that expires at {@code expiresAt} (epoch ms), if this tracker is enabled. */
    void track(long expiresAt, long offset) {
        if (!enabled) {
            return;
        }
        if (fifo.isEmpty() || expiresAt >= fifo.lastExpiry()) {
            fifo.add(expiresAt, offset);
        } else {
            heapAdd(expiresAt, offset);
        }
    }

    /** {@return whether the earliest record expires at or before {@code now}} */
    boolean hasExpired(long now) {
        return (!fifo.isEmpty() && fifo.firstExpiry() <= now) || (heapSize > 0 && heapExpiries[0] <= now);
    }

    /** Removes the earliest record; {@return its offset} */
    long poll() {
        if (heapSize == 0 || (!fifo.isEmpty() && fifo.firstExpiry() <= heapExpiries[0])) {
            return fifo.poll();
        }
        return heapPoll();
    }

    /** Forgets every record (after a collection moved them). */
    void clear() {
        fifo.clear();
        heapSize = 0;
    }

    private void heapAdd(long expiresAt, long offset) {
        if (heapSize == heapExpiries.length) {
            heapExpiries = Arrays.copyOf(heapExpiries, heapSize * 2);
            heapOffsets = Arrays.copyOf(heapOffsets, heapSize * 2);
        }
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heapExpiries[parent] <= expiresAt) {
                break;
            }
            heapExpiries[i] = heapExpiries[parent];
            heapOffsets[i] = heapOffsets[parent];
            i = parent;
        }
        heapExpiries[i] = expiresAt;
        heapOffsets[i] = offset;
    }

    private long heapPoll() {
        long offset = heapOffsets[0];
        heapSize--;
        long lastExpiry = heapExpiries[heapSize];
        long lastOffset = heapOffsets[heapSize];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= heapSize) {
                break;
            }
            if (child + 1 < heapSize && heapExpiries[child + 1] < heapExpiries[child]) {
                child++;
            }
            if (heapExpiries[child] >= lastExpiry) {
                break;
            }
            heapExpiries[i] = heapExpiries[child];
            heapOffsets[i] = heapOffsets[child];
            i = child;
        }
        heapExpiries[i] = lastExpiry;
        heapOffsets[i] = lastOffset;
        return offset;
    }

    /** A growable ring of (expiry, offset) pairs in arrival order. */
    private static final class Queue {
        private long[] expiries = new long[64];
        private long[] offsets = new long[64];
        private int head;
        private int size;

        boolean isEmpty() {
            return size == 0;
        }

        long firstExpiry() {
            return expiries[head];
        }

        long lastExpiry() {
            return expiries[(head + size - 1) & (expiries.length - 1)];
        }

        void add(long expiresAt, long offset) {
            if (size == expiries.length) {
                grow();
            }
            int at = (head + size) & (expiries.length - 1);
            expiries[at] = expiresAt;
            offsets[at] = offset;
            size++;
        }

        long poll() {
            long offset = offsets[head];
            head = (head + 1) & (expiries.length - 1);
            size--;
            return offset;
        }

        void clear() {
            head = 0;
            size = 0;
        }

        /** Doubles the ring, keeping the order (its length stays a power of two). */
        private void grow() {
            long[] e = new long[expiries.length * 2];
            long[] o = new long[offsets.length * 2];
            for (int i = 0; i < size; i++) {
                e[i] = expiries[(head + i) & (expiries.length - 1)];
                o[i] = offsets[(head + i) & (offsets.length - 1)];
            }
            expiries = e;
            offsets = o;
            head = 0;
        }
    }
}
