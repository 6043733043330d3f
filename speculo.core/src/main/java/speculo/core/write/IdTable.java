package speculo.core.write;

import speculo.core.area.DataObject;
import speculo.core.layout.DataDescriptor;
import speculo.core.layout.RecordDescriptor;

/**
 * How full a mirror's id table is ({@link DataDescriptor}), and how many slots the next
 * generation's gets. The writer and the collector share it; none of it exists in an area that is
 * no mirror, whose tables have no slot.
 *
 * <p>A slot is taken by each chunk written anew in a generation, while the record space is taken
 * by every record appended: new chunks, replacements, removal notices. So the next generation's
 * table is sized by what this one measured, the record bytes appended per slot taken: enough slots
 * for its head-room at that rate, and half as many again, since the writer collects at three
 * quarters. Too few chunks to tell (fewer than {@value #ENOUGH_TO_TELL}), and in the first
 * generation, it has the density of {@link DataDescriptor#idTableSlotsFor}. A mirror of 64 KiB
 * chunks so has a table of a few slots per chunk of head-room, not one per 128 bytes.
 *
 * <p>The writer's thread only.
 */
final class IdTable {

    /** The fewest slots taken in a generation from which the next one's table is sized. */
    static final long ENOUGH_TO_TELL = 16;

    private final boolean mirror;
    /** Slots of the current generation's table taken. */
    private long taken;

    /**
     * @param mirror whether the area is a mirror
     * @param taken  slots of the current generation's table taken already (by a writer this one took over from)
     */
    IdTable(boolean mirror, long taken) {
        this.mirror = mirror;
        this.taken = taken;
    }

    /** {@return the slots of the first generation of an area of {@code capacity} bytes of record space} */
    static long firstSlots(boolean mirror, long capacity) {
        return mirror ? DataDescriptor.idTableSlotsFor(capacity) : 0;
    }

    /** {@return whether the current generation's table has no room for one more chunk: three quarters of it taken} */
    boolean full(DataObject current) {
        long slots = current.idTableSlots();
        return taken >= slots - slots / 4;
    }

    /** A chunk written anew took a slot. */
    void took() {
        taken++;
    }

    /** A collection made a new generation, whose table is empty. */
    void restart() {
        taken = 0;
    }

    /**
     * {@return the slots of the table of the generation after {@code current}}
     *
     * @param current     the generation being collected
     * @param tail        its committed tail
     * @param capacity    the new generation's record space
     * @param copiedBytes the record bytes the collection copies into it
     */
    long slotsAfter(DataObject current, long tail, long capacity, long copiedBytes) {
        if (!mirror) {
            return 0;
        }
        if (taken < ENOUGH_TO_TELL) {
            return DataDescriptor.idTableSlotsFor(capacity);
        }
        long bytesPerSlot = Math.max(RecordDescriptor.HEADER_LENGTH, (tail - current.copiedEnd()) / taken);
        long headRoom = Math.max(0, capacity - copiedBytes);
        return Math.max(DataDescriptor.MIN_ID_TABLE_SLOTS, headRoom / bytesPerSlot * 3 / 2);
    }
}
