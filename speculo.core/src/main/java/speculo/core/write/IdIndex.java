package speculo.core.write;

import java.lang.foreign.MemorySegment;
import speculo.core.layout.DataDescriptor;
import speculo.core.layout.Words;

/**
 * Builds the id index of a new generation (see {@link DataDescriptor}) from its records, which the
 * collector adds in sequence order.
 *
 * <p>A chunk never replaced has id = sequence, so those records arrive already sorted by id; only
 * replaced chunks (id below their sequence) arrive out of order, and they are usually few. A
 * mirror's records carry their source's ids, which arrive in the source's order, so mostly
 * ascending as well. So every record whose id is above the last in-order one's is in order, and
 * the others are kept apart — the in-order ones fill the arrays from the front, the others from
 * the back — then only the others are sorted (heap sort, in place) and the two runs are merged
 * straight into the index: O(n + k log k) for k records out of order, and no allocation beyond the
 * two arrays.
 *
 * <p>One index serves every collection of a writer: its arrays are kept and only reallocated when a
 * generation holds more records than they do, or under a quarter as many. A stream of small chunks
 * keeps a million records live, and arrays allocated (and zeroed) anew for each collection took 6 %
 * of a 64 B writer's time.
 */
final class IdIndex {

    private long[] ids = new long[0];
    private long[] offsets = new long[0];
    /** How many records this collection adds. */
    private int count;
    private int front;
    private int back;

    /** Starts an index for exactly {@code count} records, forgetting the last one's. */
    void restart(int count) {
        if (count > ids.length || count < ids.length / 4) {
            int length = (int) Math.min(count + count / 4L, Integer.MAX_VALUE - 8); // the largest array a JVM makes
            ids = new long[length];
            offsets = new long[length];
        }
        this.count = count;
        front = 0;
        back = count;
    }

    /** Adds the record of chunk {@code id} at {@code offset}; records come in sequence order. */
    void add(long id, long offset) {
        if (front == 0 || id > ids[front - 1]) {
            ids[front] = id;
            offsets[front++] = offset;
        } else {
            ids[--back] = id;
            offsets[back] = offset;
        }
    }

    /** Writes the index, sorted by id, into {@code target}, whose index has room for exactly the records added. */
    void writeTo(MemorySegment target) {
        if (front != back) {
            throw new IllegalStateException("the index expects " + count + " records, got " + (front + count - back));
        }
        sort(back, count);
        int a = 0;
        int b = back;
        for (int k = 0; k < count; k++) {
            int from = b == count || a < front && ids[a] < ids[b] ? a++ : b++;
            Words.set(target, DataDescriptor.idEntryOffset(count, k), ids[from]);
            Words.set(target, DataDescriptor.idEntryRecordOffset(count, k), offsets[from]);
        }
    }

    /** Sorts entries {@code [from, to)} ascending by id. */
    private void sort(int from, int to) {
        int n = to - from;
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(from, i, n);
        }
        for (int end = n - 1; end > 0; end--) {
            swap(from, from + end);
            siftDown(from, 0, end);
        }
    }

    private void siftDown(int base, int i, int n) {
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                return;
            }
            if (child + 1 < n && ids[base + child + 1] > ids[base + child]) {
                child++;
            }
            if (ids[base + i] >= ids[base + child]) {
                return;
            }
            swap(base + i, base + child);
            i = child;
        }
    }

    private void swap(int a, int b) {
        long id = ids[a];
        ids[a] = ids[b];
        ids[b] = id;
        long offset = offsets[a];
        offsets[a] = offsets[b];
        offsets[b] = offset;
    }
}
