package speculo.core.write;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import speculo.core.area.AreaNames;
import speculo.core.area.DataObject;
import speculo.core.layout.DataDescriptor;
import speculo.core.spi.MappedObject;
import speculo.core.spi.ObjectStore;

/**
 * The objects of retired generations a writer keeps for reuse (DESIGN §3, "Recycling"): a
 * generation's object, its pages already allocated and mapped in the writer, holds a later
 * generation once no reader is on it, so a stream stops paying for fresh pages (~2.3 µs per 4 KiB
 * on the benchmark VM).
 *
 * <p>At most {@code bound} objects are kept, the newest retired; an older one is handed back to the
 * caller to unlink, whether a reader is still on it or not (the reader keeps its mapping, as with
 * every retired generation). {@link #take} hands out a kept object only if a {@linkplain
 * ReaderPresences#scan scan} of the readers' presences, after the switch that retired it, finds no
 * reader on it and its size fits.
 *
 * <p>Only the writer's thread uses this.
 */
final class RecycledObjects {

    /**
     * A kept object.
     *
     * @param retired   the retired generation's object, still mapped read-write
     * @param slot      its slot, from its name
     * @param salt      its salt, from its name
     * @param backedEnd how far memory is known to be behind it
     */
    record Kept(DataObject retired, long slot, long salt, long backedEnd) {

        /** {@return the mapping, to hold a new generation} */
        MappedObject mapping() {
            return retired.mapping();
        }
    }

    private final String area;
    private final int bound;
    private final ReaderPresences presences;
    private final ArrayDeque<Kept> kept = new ArrayDeque<>();

    /**
     * @param bound how many objects to keep at most; 0: none, every retired generation is unlinked
     */
    RecycledObjects(String area, ObjectStore store, int bound) {
        this.area = area;
        this.bound = bound;
        this.presences = new ReaderPresences(area, store);
    }

    /** {@return whether retired objects are kept for reuse at all} */
    boolean enabled() {
        return bound > 0;
    }

    /**
     * Keeps a retired generation's object.
     *
     * @param backedEnd how far memory is known to be behind it
     * @return the objects beyond the bound, oldest first, which the caller unlinks and unmaps; all
     *         of them, {@code retired} included, when nothing is kept
     */
    List<DataObject> keep(DataObject retired, long backedEnd) {
        if (!enabled()) {
            return List.of(retired);
        }
        String name = retired.objectName();
        kept.addLast(new Kept(retired, AreaNames.slotOf(area, name), AreaNames.saltOf(area, name), backedEnd));
        List<DataObject> beyond = new ArrayList<>();
        while (kept.size() > bound) {
            beyond.add(kept.removeFirst().retired());
        }
        return beyond;
    }

    /**
     * {@return whether an object of {@code size} bytes suits a generation of {@code capacity} bytes
     * of record space} Its record space, after an index of {@code indexCount} entries, must hold
     * the {@code needed} bytes and at least half the head-room a new object of {@code capacity}
     * would leave: not the exact size a new object would get, since the index before the records
     * grows and shrinks with the live records.
     *
     * <p>An object filled to its end ({@code sparse} false: the {@code file} backend, whose objects
     * have memory behind them whole) must also be at most twice that capacity and within {@code
     * maxCapacity}: its generation fills it to its end.
     *
     * <p>A sparse object (memory put behind it step by step: {@code shm}) holds the generation in a
     * part of it, the rest being room to grow into ({@link GenerationSizing#objectSpace}). The
     * memory behind it, up to {@code held}, must be at most twice the capacity: memory a larger
     * generation put behind it is not held for a smaller one, which gets a new object.
     *
     * @param held  how far memory is known to be behind the object
     * @param slots the slots of the generation's id table, before the records (a mirror's)
     */
    static boolean fits(long size, long held, boolean sparse, long indexCount, long slots, long needed,
                        long capacity, long maxCapacity) {
        long recordsOffset = DataDescriptor.recordsOffset(indexCount, slots);
        long available = size - recordsOffset;
        if (available < needed + (capacity - needed) / 2) {
            return false;
        }
        return sparse ? held - recordsOffset <= 2 * capacity : available <= 2 * capacity && available <= maxCapacity;
    }

    /**
     * Takes a kept object no reader is on that {@linkplain #fits fits} a generation.
     *
     * @return the object, no longer kept, or null if none is free and fits
     */
    Kept take(boolean sparse, long indexCount, long slots, long needed, long capacity, long maxCapacity) {
        if (kept.isEmpty()) {
            return null;
        }
        ReaderPresences.Pins pins = presences.scan();
        if (pins.all()) {
            return null;
        }
        for (Iterator<Kept> it = kept.iterator(); it.hasNext(); ) { // oldest first: the likeliest left by every reader
            Kept candidate = it.next();
            if (fits(candidate.retired().size(), candidate.backedEnd(), sparse, indexCount, slots, needed, capacity,
                    maxCapacity)
                    && !pins.pins(candidate.retired().generation())) {
                it.remove();
                return candidate;
            }
        }
        return null;
    }

    /** {@return the lowest slot that neither a kept object nor the current one ({@code current}) has} */
    long lowestFreeSlot(long current) {
        for (long slot = 0; ; slot++) {
            if (slot != current && !isKept(slot)) {
                return slot;
            }
        }
    }

    private boolean isKept(long slot) {
        for (Kept k : kept) {
            if (k.slot() == slot) {
                return true;
            }
        }
        return false;
    }

    /** {@return every kept object, no longer kept, for the caller to unlink and unmap} */
    List<DataObject> drain() {
        List<DataObject> all = new ArrayList<>();
        while (!kept.isEmpty()) {
            all.add(kept.removeFirst().retired());
        }
        return all;
    }
}
