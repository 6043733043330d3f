package speculo.core.write;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import speculo.api.AreaPermissions;
import speculo.core.spi.MappedObject;
import speculo.core.spi.ObjectStore;

/**
 * The object of a writer's next generation, created and backed on the {@link Backer}'s thread
 * before the collection that will fill it: the collection then copies into pages that exist
 * instead of paying for fresh ones inside its pause (2.3 µs per 4 KiB on the benchmark VM, about
 * two thirds of a collection of large chunks).
 *
 * <p>The writer {@linkplain #prepare prepares} it once its current generation is half used, after
 * recording that generation as pending in the control object with the new object's name, so a
 * crash leaves a name that recovery removes, as it does a collection's. Where a retired object no
 * reader is on can be recycled, the writer {@linkplain #adopt adopts} that instead: nothing to prepare.
 * At its collection it {@linkplain #take takes} whatever exists, finished or not, and backs the
 * rest itself; an object of the wrong size it discards.
 *
 * <p>Readers never see it before the switch: nothing names it but the pending generation, which
 * only writers read. The preparation runs a step at a time and checks between steps whether the
 * writer wants it to stop; {@link #take} waits for at most the step in progress. Only the writer's
 * thread calls {@link #prepare}, {@link #take} and {@link #discard}; the object's name is touched
 * by the preparation only while it runs and by the writer only after {@link #take}, never by both.
 */
final class StandbyGeneration {

    /** Set to {@code false} to create every generation in its collection (for comparison). */
    static final boolean ENABLED = !"false".equals(System.getProperty("speculo.writer.standby"));

    private static final System.Logger LOG = System.getLogger("speculo");

    private static final int IDLE = 0;
    private static final int QUEUED = 1;
    private static final int RUNNING = 2;

    private final String area;
    private final ObjectStore store;
    private final AreaPermissions permissions;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final Runnable step = this::step;

    // Written by the writer before queueing (the queue publishes them), read by the preparation.
    private long generation = -1;
    /** The object's name, salted, recorded in the control object by the caller of {@link #prepare}. */
    private String name;
    private long size;
    private long backed;
    // Written by the preparation, read by the writer after take() saw it stop (the state publishes them).
    private MappedObject mapping;
    private long backedEnd;
    private volatile boolean stopped;
    /** Whether the object of the generation prepared, or last taken, is a recycled one ({@link #adopt}). */
    private boolean adopted;

    StandbyGeneration(String area, ObjectStore store, AreaPermissions permissions) {
        this.area = area;
        this.store = store;
        this.permissions = permissions;
    }

    /** {@return whether a generation is prepared or being prepared} */
    boolean isPrepared() {
        return generation >= 0;
    }

    /**
     * Starts preparing generation {@code generation}: an object named {@code name} of {@code size}
     * bytes with memory behind its first {@code backed}. The caller has recorded it as the pending
     * generation, with the name's salt, and taken or discarded any earlier one.
     */
    void prepare(long generation, String name, long size, long backed) {
        if (isPrepared()) {
            throw new IllegalStateException("generation " + this.generation + " of area '" + area + "' is prepared already");
        }
        this.generation = generation;
        this.adopted = false;
        this.name = name;
        this.size = size;
        this.backed = Math.min(backed, size);
        this.mapping = null;
        this.backedEnd = 0;
        this.stopped = false;
        state.set(QUEUED);
        Backer.execute(step);
    }

    /**
     * Makes a recycled object the next generation's, ready at once: its pages exist already. The
     * caller has recorded the generation as pending, with the object's name, and taken or
     * discarded any earlier one.
     *
     * @param backedEnd how far memory is known to be behind it
     */
    void adopt(long generation, MappedObject object, long backedEnd) {
        if (isPrepared()) {
            throw new IllegalStateException("generation " + this.generation + " of area '" + area + "' is prepared already");
        }
        this.generation = generation;
        this.adopted = true;
        this.name = object.name();
        this.mapping = object;
        this.backedEnd = backedEnd;
        this.stopped = true;
        state.set(IDLE);
    }

    /**
     * Stops the preparation of {@code expected} and hands its object to the caller.
     *
     * @return the object (memory behind at least {@link #backedEnd()} bytes of it), or null if none
     *         was made; the caller owns it
     */
    MappedObject take(long expected) {
        if (!isPrepared()) {
            return null;
        }
        stop();
        MappedObject object = mapping;
        long made = generation;
        mapping = null;
        generation = -1;
        if (object != null && made != expected) {
            // Cannot happen while generations only move by one; a stale standby is dropped, not reused.
            drop(object);
            return null;
        }
        return object;
    }

    /** {@return whether the object last {@linkplain #take taken} was {@linkplain #adopt adopted}: a recycled one} */
    boolean tookAdopted() {
        return adopted;
    }

    /** {@return how much of the object last {@linkplain #take taken} has memory behind it} */
    long backedEnd() {
        return backedEnd;
    }

    /** Stops any preparation, and unlinks and unmaps what it made; the writer is closing. */
    void discard() {
        if (!isPrepared()) {
            return;
        }
        stop();
        MappedObject object = mapping;
        mapping = null;
        generation = -1;
        if (object != null) {
            drop(object);
        }
    }

    /** Unlinks an object this preparation made, and has it unmapped off the caller's thread. */
    void drop(MappedObject object) {
        try {
            store.unlink(object.name());
        } catch (IOException e) {
            // The name stays until the next writer's recovery removes it (it is the pending generation).
            LOG.log(System.Logger.Level.WARNING, "area ''{0}'': could not unlink unused standby generation ''{1}'': {2}",
                    area, object.name(), e.toString());
        }
        Unmapper.later(object::close);
    }

    private void stop() {
        stopped = true;
        if (!state.compareAndSet(QUEUED, IDLE)) {
            while (state.get() == RUNNING) {
                Thread.onSpinWait(); // one step at most
            }
        }
    }

    /** One step of the preparation: create the object, or back the next part of it; then yield the thread. */
    private void step() {
        if (!state.compareAndSet(QUEUED, RUNNING)) {
            return; // taken before it ran
        }
        boolean more = false;
        try {
            if (!stopped) {
                more = mapping == null ? create() : backNext();
            }
        } catch (IOException | RuntimeException e) {
            // Out of memory, or the system refuses: the collection creates its object itself, as without a standby.
            LOG.log(System.Logger.Level.DEBUG, "area ''{0}'': standby generation {1} not prepared: {2}", area,
                    String.valueOf(generation), e.toString());
        } finally {
            state.set(more ? QUEUED : IDLE);
        }
        if (more) {
            Backer.execute(step); // other writers' backing runs in between
        }
    }

    private boolean create() throws IOException {
        // A name taken already (by chance or by another user) fails the preparation: the collection
        // then creates its object itself, under another salt.
        mapping = store.create(name, size, 0, permissions);
        return backedEnd < backed;
    }

    private boolean backNext() throws IOException {
        long end = Math.min(backed, backedEnd + Backer.STEP);
        mapping.reserve(backedEnd, end - backedEnd);
        backedEnd = end;
        return backedEnd < backed;
    }
}
