package speculo.bridge;

import java.nio.ByteBuffer;
import speculo.api.ChunkHandle;

/**
 * What a {@link Mirror} knows of each source chunk the mirror holds, by the source's id: the
 * mirror's handle for it, the source sequence of the copy it holds, and the sync that last
 * confirmed it.
 *
 * <p>Kept in arrays of primitives, with no object per chunk: a receiver holds as many entries as
 * the mirror's live set, millions for a stream that never expires, and a map of objects for them
 * made the receiver spend about a third of its time copying them in the garbage collector
 * (measured: 2.4 million 64 B chunks, 1.66 s of pauses in 5.5 s). Handles are kept in their
 * {@linkplain ChunkHandle#writeTo binary form}. An open-addressing table with linear probing in
 * Robin Hood order (an entry placed takes the slot of one nearer its home); a removal shifts the
 * entries after it back up to the first at its home, so a lookup never meets a deleted slot, and a
 * stream that forgets its oldest chunks as they expire moves nothing. With plain linear probing a
 * stream's ids formed one run of slots, and each removal walked all of it (measured: 142 µs a
 * chunk for a stream with a 100 ms time to live).
 */
final class SourceChunks {

    /** An empty slot's id: source ids are positive. */
    private static final long EMPTY = 0;
    private static final int INITIAL_CAPACITY = 1 << 10;
    /** The most entries: three quarters of the largest table whose handles fit in one array, so the table never grows past it. */
    static final int MAX_CHUNKS = Integer.highestOneBit(Integer.MAX_VALUE / ChunkHandle.BYTES) / 4 * 3;

    private long[] ids = new long[INITIAL_CAPACITY];
    private long[] sequences = new long[INITIAL_CAPACITY];
    private int[] confirmedIn = new int[INITIAL_CAPACITY];
    private ByteBuffer handles = ByteBuffer.allocate(INITIAL_CAPACITY * ChunkHandle.BYTES);
    /** The handle of the entry {@link #insert} is placing, and the one it displaces. */
    private final ByteBuffer carried = ByteBuffer.allocate(ChunkHandle.BYTES);
    private final ByteBuffer swapped = ByteBuffer.allocate(ChunkHandle.BYTES);
    private int mask = INITIAL_CAPACITY - 1;
    /** log2 of the capacity: where {@link #home} takes the high bits from. */
    private int shift = Integer.numberOfTrailingZeros(INITIAL_CAPACITY);
    private int size;
    /** The mirror area, for messages. */
    private final String area;

    /** An empty table for the mirror {@code area}. */
    SourceChunks(String area) {
        this.area = area;
    }

    /** {@return the slot of source chunk {@code id}, or -1 if it is not known} */
    int find(long id) {
        if (id == EMPTY) {
            return -1;
        }
        for (int slot = home(id), distance = 0; ; slot = (slot + 1) & mask, distance++) {
            long there = ids[slot];
            if (there == id) {
                return slot;
            }
            // Robin Hood order: an entry nearer its home than this probe is to id's means id is not here.
            if (there == EMPTY || displacement(slot, there) < distance) {
                return -1;
            }
        }
    }

    /**
     * Knows source chunk {@code id} (new, or in place of what was known of it) as held under {@code handle}.
     *
     * @param id positive
     * @throws BridgeException if {@link #MAX_CHUNKS} are known already
     */
    void put(long id, long sequence, ChunkHandle handle, int sync) {
        int slot = find(id);
        if (slot >= 0) {
            sequences[slot] = sequence;
            confirmedIn[slot] = sync;
            handle.writeTo(handles.position(slot * ChunkHandle.BYTES));
            return;
        }
        if (size == MAX_CHUNKS) {
            throw new BridgeException(area, "the mirror '" + area + "' holds " + size + " chunks, the most its receiver keeps track of");
        }
        if (size + 1 > (mask + 1) / 4 * 3) {
            grow();
        }
        handle.writeTo(carried.clear());
        insert(id, sequence, sync);
        size++;
    }

    /** {@return the source sequence of the copy held in {@code slot}} */
    long sequence(int slot) {
        return sequences[slot];
    }

    /** Sets the source sequence of every entry to {@code sequence}: none of them is a copy of a known source record any more. */
    void forgetSequences(long sequence) {
        java.util.Arrays.fill(sequences, sequence);
    }

    /** {@return the sync that last confirmed {@code slot}} */
    int confirmedIn(int slot) {
        return confirmedIn[slot];
    }

    /** Marks {@code slot} as confirmed by {@code sync}. */
    void confirm(int slot, int sync) {
        confirmedIn[slot] = sync;
    }

    /** {@return the mirror's handle in {@code slot}} */
    ChunkHandle handle(int slot) {
        return ChunkHandle.readFrom(handles.position(slot * ChunkHandle.BYTES));
    }

    /** {@return the source id in {@code slot}, 0 if it is empty} (for a walk over every slot, with {@link #slots()}) */
    long id(int slot) {
        return ids[slot];
    }

    /** {@return the number of slots, for a walk over all of them} */
    int slots() {
        return mask + 1;
    }

    /** {@return how many source chunks are known} */
    int size() {
        return size;
    }

    /**
     * Forgets the entry in {@code slot}, moving back the entries after it that are not at their
     * home, up to the first that is (Robin Hood order keeps that short: a stream's ids, each at its
     * home, move none); so a walk over the slots that removes must look at {@code slot} again.
     */
    void removeAt(int slot) {
        size--;
        int hole = slot;
        for (int next = (hole + 1) & mask; ids[next] != EMPTY && displacement(next, ids[next]) > 0; next = (next + 1) & mask) {
            move(next, hole);
            hole = next;
        }
        ids[hole] = EMPTY;
    }

    private void move(int from, int to) {
        ids[to] = ids[from];
        sequences[to] = sequences[from];
        confirmedIn[to] = confirmedIn[from];
        System.arraycopy(handles.array(), from * ChunkHandle.BYTES, handles.array(), to * ChunkHandle.BYTES, ChunkHandle.BYTES);
    }

    /**
     * Places a new entry, its handle in {@link #carried}, Robin Hood's way: probing from its home,
     * it takes the slot of the first entry nearer its own home than it is, and that entry goes on
     * probing in its place. So in every run of slots the entries lie in the order of their homes.
     */
    private void insert(long id, long sequence, int sync) {
        byte[] held = handles.array();
        byte[] carry = carried.array();
        byte[] swap = swapped.array();
        for (int slot = home(id), distance = 0; ; slot = (slot + 1) & mask, distance++) {
            long there = ids[slot];
            if (there == EMPTY) {
                ids[slot] = id;
                sequences[slot] = sequence;
                confirmedIn[slot] = sync;
                System.arraycopy(carry, 0, held, slot * ChunkHandle.BYTES, ChunkHandle.BYTES);
                return;
            }
            int theirs = displacement(slot, there);
            if (theirs < distance) {
                long theirSequence = sequences[slot];
                int theirSync = confirmedIn[slot];
                System.arraycopy(held, slot * ChunkHandle.BYTES, swap, 0, ChunkHandle.BYTES);
                ids[slot] = id;
                sequences[slot] = sequence;
                confirmedIn[slot] = sync;
                System.arraycopy(carry, 0, held, slot * ChunkHandle.BYTES, ChunkHandle.BYTES);
                System.arraycopy(swap, 0, carry, 0, ChunkHandle.BYTES);
                id = there;
                sequence = theirSequence;
                sync = theirSync;
                distance = theirs;
            }
        }
    }

    private void grow() {
        long[] oldIds = ids;
        long[] oldSequences = sequences;
        int[] oldConfirmed = confirmedIn;
        byte[] oldHandles = handles.array();
        int capacity = (mask + 1) * 2;
        ids = new long[capacity];
        sequences = new long[capacity];
        confirmedIn = new int[capacity];
        handles = ByteBuffer.allocate(capacity * ChunkHandle.BYTES);
        mask = capacity - 1;
        shift = Integer.numberOfTrailingZeros(capacity);
        for (int from = 0; from < oldIds.length; from++) {
            if (oldIds[from] != EMPTY) {
                System.arraycopy(oldHandles, from * ChunkHandle.BYTES, carried.array(), 0, ChunkHandle.BYTES);
                insert(oldIds[from], oldSequences[from], oldConfirmed[from]);
            }
        }
    }

    /** {@return how far {@code slot} is past the home of the {@code id} in it} */
    private int displacement(int slot, long id) {
        return (slot - home(id)) & mask;
    }

    /**
     * {@return the slot probing for {@code id} starts at} The id's low bits, flipped by its high
     * ones. A stream's ids come in runs, and a run fills slots next to each other, in memory the
     * processor has at hand (a hash that scatters them, Fibonacci's, measured 4 times slower to
     * insert 2.4 million ids and 20 times slower to find them: every access missed the cache).
     * The flip spreads ids that share their low bits: ids on a stride of the table's size, say,
     * each go to a slot of their own.
     */
    private int home(long id) {
        return (int) (id ^ (id >>> shift)) & mask;
    }
}
