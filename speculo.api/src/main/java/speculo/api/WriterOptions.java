package speculo.api;

import java.time.InstantSource;
import java.util.Objects;

/**
 * How a writer creates and manages its area. Immutable; each {@code with...} method returns a
 * changed copy.
 *
 * <pre>{@code
 * WriterOptions options = WriterOptions.defaults()
 *         .withInitialCapacity(4 << 20)
 *         .withMaxCapacity(256 << 20)
 *         .withGcPolicy(GcPolicy.deadRatioAtLeast(0.5));
 * }</pre>
 *
 * <p>Capacities count the record space of a generation; each shared object also holds a small
 * header and, after a collection, an index of 24 bytes per live chunk.
 */
public final class WriterOptions {

    /** Default initial capacity: 1 MiB. */
    public static final long DEFAULT_INITIAL_CAPACITY = 1L << 20;
    /** Default maximum capacity: 1 GiB. */
    public static final long DEFAULT_MAX_CAPACITY = 1L << 30;
    /** Default number of retired generations' objects a writer keeps for reuse: 2. */
    public static final int DEFAULT_RECYCLED_OBJECTS = 2;
    /** Most retired generations' objects a writer keeps for reuse. */
    public static final int MAX_RECYCLED_OBJECTS = 16;
    /** Default capacity factor: a collection leaves as much head-room as the live data it copies. */
    public static final int DEFAULT_CAPACITY_FACTOR = 2;
    /** Largest capacity factor accepted. */
    public static final int MAX_CAPACITY_FACTOR = 16;
    /** Smallest initial capacity accepted: 4 KiB. */
    public static final long MIN_CAPACITY = 4096;

    private static final WriterOptions DEFAULTS = new WriterOptions(
            DEFAULT_INITIAL_CAPACITY, DEFAULT_MAX_CAPACITY, GcPolicy.whenFull(), AreaPermissions.OWNER_ONLY,
            InstantSource.system(), false, DEFAULT_RECYCLED_OBJECTS, DEFAULT_CAPACITY_FACTOR, false);

    private final long initialCapacity;
    private final long maxCapacity;
    private final GcPolicy gcPolicy;
    private final AreaPermissions permissions;
    private final InstantSource clock;
    private final boolean takeOverUnjudgedOwner;
    private final int recycledObjects;
    private final int capacityFactor;
    private final boolean mirror;

    private WriterOptions(long initialCapacity, long maxCapacity, GcPolicy gcPolicy, AreaPermissions permissions,
                          InstantSource clock, boolean takeOverUnjudgedOwner, int recycledObjects, int capacityFactor,
                          boolean mirror) {
        if (initialCapacity < MIN_CAPACITY) {
            throw new IllegalArgumentException("initialCapacity must be at least " + MIN_CAPACITY + ": " + initialCapacity);
        }
        if (maxCapacity < initialCapacity) {
            throw new IllegalArgumentException("maxCapacity (" + maxCapacity + ") must be at least initialCapacity ("
                    + initialCapacity + ")");
        }
        this.initialCapacity = initialCapacity;
        this.maxCapacity = maxCapacity;
        this.gcPolicy = Objects.requireNonNull(gcPolicy, "gcPolicy");
        this.permissions = Objects.requireNonNull(permissions, "permissions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.takeOverUnjudgedOwner = takeOverUnjudgedOwner;
        if (recycledObjects < 0 || recycledObjects > MAX_RECYCLED_OBJECTS) {
            throw new IllegalArgumentException("recycledObjects must be 0 to " + MAX_RECYCLED_OBJECTS + ": " + recycledObjects);
        }
        this.recycledObjects = recycledObjects;
        if (capacityFactor < 2 || capacityFactor > MAX_CAPACITY_FACTOR) {
            throw new IllegalArgumentException("capacityFactor must be 2 to " + MAX_CAPACITY_FACTOR + ": " + capacityFactor);
        }
        this.capacityFactor = capacityFactor;
        this.mirror = mirror;
    }

    /**
     * {@return the defaults: 1 MiB initial, 1 GiB maximum, {@link GcPolicy#whenFull()}, owner only,
     * system clock, {@value #DEFAULT_RECYCLED_OBJECTS} recycled objects, capacity factor
     * {@value #DEFAULT_CAPACITY_FACTOR}}
     */
    public static WriterOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Sets the record space of the first generation.
     *
     * @param bytes record space of the first generation; at least {@value #MIN_CAPACITY}
     * @return a copy with this initial capacity; the maximum is raised to it if lower
     * @throws IllegalArgumentException if {@code bytes} is below {@value #MIN_CAPACITY}
     */
    public WriterOptions withInitialCapacity(long bytes) {
        return new WriterOptions(bytes, Math.max(bytes, maxCapacity), gcPolicy, permissions, clock, takeOverUnjudgedOwner,
                recycledObjects, capacityFactor, mirror);
    }

    /**
     * Sets the most record space a generation may have.
     *
     * @param bytes the most record space a generation may have; at least the initial capacity
     * @return a copy with this maximum capacity
     * @throws IllegalArgumentException if {@code bytes} is below the initial capacity
     */
    public WriterOptions withMaxCapacity(long bytes) {
        return new WriterOptions(initialCapacity, bytes, gcPolicy, permissions, clock, takeOverUnjudgedOwner,
                recycledObjects, capacityFactor, mirror);
    }

    /**
     * Sets when to collect ahead of need (a collection also runs whenever a chunk does not fit).
     *
     * @param policy when to collect ahead of need
     * @return a copy with this policy
     */
    public WriterOptions withGcPolicy(GcPolicy policy) {
        return new WriterOptions(initialCapacity, maxCapacity, policy, permissions, clock, takeOverUnjudgedOwner,
                recycledObjects, capacityFactor, mirror);
    }

    /**
     * Sets who may read the area's objects.
     *
     * @param permissions who may read the area's objects
     * @return a copy with these permissions
     */
    public WriterOptions withPermissions(AreaPermissions permissions) {
        return new WriterOptions(initialCapacity, maxCapacity, gcPolicy, permissions, clock, takeOverUnjudgedOwner,
                recycledObjects, capacityFactor, mirror);
    }

    /**
     * Sets the clock of expiry times and statistics.
     *
     * @param clock the clock for expiry and statistics (inject a fake one in tests)
     * @return a copy with this clock
     */
    public WriterOptions withClock(InstantSource clock) {
        return new WriterOptions(initialCapacity, maxCapacity, gcPolicy, permissions, clock, takeOverUnjudgedOwner,
                recycledObjects, capacityFactor, mirror);
    }

    /**
     * Lets this writer take over an area whose owner it cannot judge: a writer that runs in another
     * pid namespace (a container sharing the objects with its host, or the host seen from inside
     * one), whose pid means nothing here. By default such an owner counts as alive and opening the
     * writer fails with {@link AreaBusyException}, because taking over a live writer's area
     * corrupts it. Use this only when you know that writer is gone; an owner known to be alive is
     * never taken over.
     *
     * @return a copy that takes over an area from an owner it cannot judge
     */
    public WriterOptions withTakeoverOfUnjudgedOwner() {
        return new WriterOptions(initialCapacity, maxCapacity, gcPolicy, permissions, clock, true, recycledObjects,
                capacityFactor, mirror);
    }

    /**
     * Sets how many retired generations' objects the writer keeps to reuse for later generations.
     * A collection then copies into pages that exist already instead of fresh ones (which cost
     * microseconds per 4 KiB), as soon as no reader is on a kept object; while one is (a slow or
     * stopped reader), the writer creates a fresh object as it would without recycling. Kept
     * objects hold memory: up to this many generations' worth, beside the current one.
     *
     * <p>For the writer to know which generation each reader is on, every reader of an area that
     * recycles creates a small presence object of its own next to the area's objects
     * ({@code NAME.reader.<salt>}), the one thing a reader writes. A reader that may not create it
     * is refused. {@code 0} turns recycling off: an area created so has readers that announce
     * nothing. Whether readers announce is fixed when the area is created; a writer taking it over
     * later recycles only if both it and the area's creator said so.
     *
     * @param objects how many objects to keep, 0 to {@value #MAX_RECYCLED_OBJECTS}; default
     *                {@value #DEFAULT_RECYCLED_OBJECTS}
     * @return a copy with this setting
     * @throws IllegalArgumentException if {@code objects} is out of range
     */
    public WriterOptions withRecycledObjects(int objects) {
        return new WriterOptions(initialCapacity, maxCapacity, gcPolicy, permissions, clock, takeOverUnjudgedOwner,
                objects, capacityFactor, mirror);
    }

    /**
     * Sets how large a collection makes the next generation: {@code factor} times the record space
     * of the live chunks it copies (and of a chunk waiting for room), within the initial and the
     * maximum capacity. The rest is head-room, filled before the next collection. A generation
     * grows at once to what its live data asks. It keeps its size until its live data has asked
     * for a quarter of it or less at eight collections in a row, or at one the application asked
     * for ({@link Writer#collect()}), or until the system has no memory for it.
     *
     * <p>A larger factor trades memory for time. A stream appended flat out with a time to live
     * keeps about a time to live's worth of chunks live, and with factor {@code f} a collection
     * copies about {@code 1/(f-1)} of what was appended since the last one: with the default, as
     * much again. Measured on a 2-processor VM, one writer of 64 KiB chunks with a 10 ms time to
     * live and no reader: 20-22 µs a chunk with factor 2, 16-17 µs with 4. The memory is {@code f}
     * times the live data for the current generation and for each object kept for recycling
     * ({@link #withRecycledObjects}). An area whose live data, times the factor, fits in its
     * initial capacity keeps that capacity whatever the factor.
     *
     * @param factor 2 to {@value #MAX_CAPACITY_FACTOR}; default {@value #DEFAULT_CAPACITY_FACTOR}
     * @return a copy with this factor
     * @throws IllegalArgumentException if {@code factor} is out of range
     */
    public WriterOptions withCapacityFactor(int factor) {
        return new WriterOptions(initialCapacity, maxCapacity, gcPolicy, permissions, clock, takeOverUnjudgedOwner,
                recycledObjects, factor, mirror);
    }

    /**
     * Makes the area a <em>mirror</em> of another area, the <em>source</em>: its writer writes
     * copies of the source's chunks with {@link Writer#mirror}, which keep the source chunk's id,
     * and a handle the source made resolves on the mirror ({@link Reader#read(ChunkHandle)},
     * {@link Writer#replace}, {@link Writer#remove}) to the newest copy of that chunk.
     * {@code speculo.bridge} keeps its mirrors so. A mirror holds nothing else: chunks of its own
     * ({@code write}, {@code append}, {@code claim}) would take ids that are the source's, and are
     * refused with {@link IllegalStateException}.
     *
     * <p>Whether an area is a mirror is fixed when it is created: a writer opening an existing area
     * must ask for what the area is, or it is refused ({@link IllegalStateException}), since the ids
     * of a mirror are the source's and a writer of the other kind would give out ids of its own
     * beside them. A mirror's data objects hold, beyond the capacity, a table of the ids written
     * since the last collection (docs/FORMAT.md): 16 bytes per 128 bytes of record space at first,
     * then a slot and a half per chunk of the size written before fits the head-room; a collection
     * also runs when that table is three quarters full.
     *
     * @return a copy that creates or opens a mirror area
     */
    public WriterOptions asMirror() {
        return new WriterOptions(initialCapacity, maxCapacity, gcPolicy, permissions, clock, takeOverUnjudgedOwner,
                recycledObjects, capacityFactor, true);
    }

    /** {@return whether the area is a mirror of another (see {@link #asMirror})} */
    public boolean mirror() {
        return mirror;
    }

    /** {@return how many times its live data a collection makes the next generation (see {@link #withCapacityFactor})} */
    public int capacityFactor() {
        return capacityFactor;
    }

    /** {@return how many retired generations' objects the writer keeps for reuse (see {@link #withRecycledObjects})} */
    public int recycledObjects() {
        return recycledObjects;
    }

    /** {@return whether this writer takes over an area from an owner it cannot judge (see {@link #withTakeoverOfUnjudgedOwner})} */
    public boolean takesOverUnjudgedOwner() {
        return takeOverUnjudgedOwner;
    }

    /** {@return record space of the first generation, in bytes} */
    public long initialCapacity() {
        return initialCapacity;
    }

    /** {@return the most record space a generation may have, in bytes} */
    public long maxCapacity() {
        return maxCapacity;
    }

    /** {@return when to collect ahead of need} */
    public GcPolicy gcPolicy() {
        return gcPolicy;
    }

    /** {@return who may read the area's objects} */
    public AreaPermissions permissions() {
        return permissions;
    }

    /** {@return the clock for expiry and statistics} */
    public InstantSource clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "WriterOptions[initialCapacity=" + initialCapacity + ", maxCapacity=" + maxCapacity
                + ", permissions=" + permissions + ", recycledObjects=" + recycledObjects
                + ", capacityFactor=" + capacityFactor + (mirror ? ", mirror" : "") + "]";
    }
}
