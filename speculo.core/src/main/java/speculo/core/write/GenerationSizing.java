package speculo.core.write;

import speculo.api.WriterOptions;
import speculo.core.layout.Layout;
import speculo.core.layout.Words;

/**
 * How much record space a collection gives the next generation (R10; DECISIONS 57, 58): the
 * {@linkplain WriterOptions#capacityFactor capacity factor} times the live data, the rest
 * head-room, within the configured bounds. A generation grows at once to what its live data asks.
 * It keeps the last one's size until the live data has asked for 1/{@value #SHRINK_BELOW} of it
 * or less at {@value #SHRINK_AFTER} collections in a row, or at one the application
 * {@linkplain #askedByApplication asked for}.
 *
 * <p>Why it waits: the live data a collection finds depends on how long its generation took to
 * fill, so sizing each generation by its collection alone swings. A large generation fills slowly
 * and leaves little live, the small one after it fills fast and leaves much. And a writer slowed
 * for one generation (descheduled, or paying for fresh pages) leaves little live with a time to
 * live: shrunk at once, the next generation is too small for the stream, and the one after that a
 * fresh object again. Measured, one writer of 64 KiB chunks with a 10 ms time to live flat out,
 * factor 2, on a VM whose page faults cost ~11 µs: shrinking at the first ask, generations of 64
 * to 285 MB and 67-77 µs a chunk; waiting for eight, 27-42 µs, a third of the page faults, and one
 * size once the area has grown.
 *
 * <p>Only the writer's thread uses this.
 */
final class GenerationSizing {

    /**
     * A collection asks to shrink the generation only if its live data asks for this fraction of
     * the last one's record space or less (1/{@value}).
     */
    static final int SHRINK_BELOW = 4;

    /** A generation shrinks only after this many collections in a row asked it to. */
    static final int SHRINK_AFTER = 8;

    /**
     * A new sparse object has record space for this many times its generation's capacity, within
     * the maximum ({@link #objectSpace}).
     */
    static final int ROOM = 4;

    private final WriterOptions options;
    /** The record space the last collection gave its generation; 0 before the first, or once forgotten. */
    private long last;
    /** How many collections in a row, up to the last, had live data that asked to shrink. */
    private int shrinkAsksInARow;
    /** Whether the application asked for the next collection. */
    private boolean asked;

    GenerationSizing(WriterOptions options) {
        this.options = options;
    }

    /** {@return the record space the last collection gave its generation; 0 before the first, or once forgotten} */
    long last() {
        return last;
    }

    /**
     * Says that the application asked for the next collection ({@code Writer.collect()}): it sizes
     * the generation by its live data at once. An application that removed most of its data and
     * collects wants the memory back.
     */
    void askedByApplication() {
        asked = true;
    }

    /**
     * {@return whether the application asked for the collection now starting} Taken once, at its
     * start, so that a collection that fails does not pass the ask on to the next one.
     */
    boolean takeAsked() {
        boolean wasAsked = asked;
        asked = false;
        return wasAsked;
    }

    /**
     * Forgets the last size: the next generation is sized by its own live data alone. The system
     * has no memory for the size kept, and a writer that failed to grow would otherwise keep
     * asking for it after its live data shrank.
     */
    void forget() {
        last = 0;
        shrinkAsksInARow = 0;
    }

    /**
     * {@return the record space to create a new object with, for a generation of {@code capacity}}
     * An object whose memory is put behind it step by step ({@code sparse}: {@code shm}) gets room
     * for {@value #ROOM} times that capacity, within the maximum: the room costs no memory until a
     * generation uses it, and a stream whose generations grow then grows into the objects it
     * recycles and its readers keep mapped, paying only for the pages it adds. An object of the
     * capacity alone would fit no later, larger generation: each step of growth made new objects for
     * the whole rotation, every page of them a first touch for the writer and each reader (~11 µs a
     * page on the benchmark VM; DECISIONS 61). An object with memory behind it whole gets the
     * capacity.
     */
    long objectSpace(long capacity, boolean sparse) {
        if (!sparse) {
            return capacity;
        }
        long max = Math.max(capacity, options.maxCapacity());
        return capacity > max / ROOM ? max : ROOM * capacity;
    }

    /**
     * {@return the record space of the next generation, for {@code needed} bytes of live data and a
     * waiting chunk} Remembered as the last size.
     *
     * @param byApplication whether the application asked for this collection ({@link #takeAsked})
     */
    long next(long needed, boolean byApplication) {
        int factor = options.capacityFactor();
        long wanted = needed > options.maxCapacity() / factor ? options.maxCapacity()
                : Words.align(factor * needed, Layout.PAGE);
        if (wanted < last) {
            boolean asksToShrink = wanted <= last / SHRINK_BELOW;
            shrinkAsksInARow = asksToShrink ? shrinkAsksInARow + 1 : 0;
            if (asksToShrink && (byApplication || shrinkAsksInARow >= SHRINK_AFTER)) {
                shrinkAsksInARow = 0;
            } else {
                wanted = last;
            }
        } else {
            shrinkAsksInARow = 0;
        }
        last = Math.min(options.maxCapacity(), Math.max(options.initialCapacity(), wanted));
        return last;
    }
}
