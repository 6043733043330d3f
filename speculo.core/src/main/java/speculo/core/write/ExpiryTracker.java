package speculo.core.write;

import java.util.Arrays;

/**
 * The writer's queue of records that will expire: a binary min-heap of (expiry, record offset)
 * pairs in two primitive arrays, so tracking a chunk allocates nothing once the arrays have grown.
 * It lets the writer count expired bytes as dead for its GC policy without scanning the area.
 */
final class ExpiryTracker {

    private long[] expiries = new long[64];
    private long[] offsets = new long[64];
    private int size;

    /** Adds a record that expires at {@code expiresAt} (epoch ms). */
    void track(long expiresAt, long offset) {
        if (size == expiries.length) {
            expiries = Arrays.copyOf(expiries, size * 2);
            offsets = Arrays.copyOf(offsets, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (expiries[parent] <= expiresAt) {
                break;
            }
            expiries[i] = expiries[parent];
            offsets[i] = offsets[parent];
            i = parent;
        }
        expiries[i] = expiresAt;
        offsets[i] = offset;
    }

    /** {@return whether the earliest record expires at or before {@code now}} */
    boolean hasExpired(long now) {
        return size > 0 && expiries[0] <= now;
    }

    /** Removes the earliest record; {@return its offset} */
    long poll() {
        long offset = offsets[0];
        size--;
        long lastExpiry = expiries[size];
        long lastOffset = offsets[size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && expiries[child + 1] < expiries[child]) {
                child++;
            }
            if (expiries[child] >= lastExpiry) {
                break;
            }
            expiries[i] = expiries[child];
            offsets[i] = offsets[child];
            i = child;
        }
        expiries[i] = lastExpiry;
        offsets[i] = lastOffset;
        return offset;
    }

    /** {@return how many records are queued} */
    int size() {
        return size;
    }

    /** Forgets every record (after a collection moved them). */
    void clear() {
        size = 0;
    }
}
