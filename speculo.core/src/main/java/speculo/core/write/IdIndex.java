package speculo.core.write;

/**
 * Sorts the (id, offset) pairs of the id index by id, in place: a heap sort over two primitive
 * arrays, so a collection allocates nothing per record beyond the two arrays.
 */
final class IdIndex {

    private IdIndex() {
    }

    /** Sorts {@code ids} ascending, moving {@code offsets} along. */
    static void sort(long[] ids, long[] offsets) {
        int n = ids.length;
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(ids, offsets, i, n);
        }
        for (int end = n - 1; end > 0; end--) {
            swap(ids, offsets, 0, end);
            siftDown(ids, offsets, 0, end);
        }
    }

    private static void siftDown(long[] ids, long[] offsets, int i, int n) {
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                return;
            }
            if (child + 1 < n && ids[child + 1] > ids[child]) {
                child++;
            }
            if (ids[i] >= ids[child]) {
                return;
            }
            swap(ids, offsets, i, child);
            i = child;
        }
    }

    private static void swap(long[] ids, long[] offsets, int a, int b) {
        long id = ids[a];
        ids[a] = ids[b];
        ids[b] = id;
        long offset = offsets[a];
        offsets[a] = offsets[b];
        offsets[b] = offset;
    }
}
