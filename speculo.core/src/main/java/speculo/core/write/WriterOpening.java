package speculo.core.write;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.security.SecureRandom;
import java.time.Duration;
import speculo.api.AreaAccessDeniedException;
import speculo.api.AreaBusyException;
import speculo.api.CorruptAreaException;
import speculo.api.WriterOptions;
import speculo.core.area.AreaNames;
import speculo.core.area.ControlObject;
import speculo.core.area.DataObject;
import speculo.core.area.Failures;
import speculo.core.area.Liveness;
import speculo.core.area.Ownership;
import speculo.core.area.RecordCursor;
import speculo.core.events.Events;
import speculo.core.events.TakeoverEvent;
import speculo.core.layout.ControlDescriptor;
import speculo.core.layout.DataDescriptor;
import speculo.core.layout.RecordDescriptor;
import speculo.core.spi.MappedObject;
import speculo.core.spi.ObjectStore;

/**
 * Opens the writer of an area: creates it, or takes it over.
 *
 * <h2>Creation order</h2>
 * The control object is created exclusively first, zero-filled, which reads as state
 * {@code INITIALIZING}: readers treat the area as not ready. The creator takes ownership by CAS,
 * writes the header, creates generation 0, publishes it, and only then stores state {@code OPEN}.
 *
 * <h2>Takeover</h2>
 * An existing control object whose owner is gone (no owner, or a dead process) is taken by CAS of
 * the owner word; two racing writers cannot both win. A live owner gives {@link AreaBusyException}.
 * The new owner then recovers: it unlinks every data object but the current one (a half-built
 * pending generation, an old one a crash left behind), continues from the committed tail (bytes
 * past it are ignored), resets the link of a replacement a crash left uncommitted, and continues the
 * sequence after the highest one found.
 */
final class WriterOpening {

    private static final System.Logger LOG = System.getLogger("speculo");

    /** How long to wait for a control object another writer is creating to reach its size. */
    private static final Duration CREATION_WAIT = Duration.ofSeconds(2);
    private static final SecureRandom TAGS = new SecureRandom();

    private final ObjectStore store;
    private final String area;
    private final WriterOptions options;
    private final String controlName;
    /** The owner word this writer replaced: a dead writer's, or none. */
    private long previousOwner;

    WriterOpening(ObjectStore store, String area, WriterOptions options) {
        this.store = store;
        this.area = area;
        this.options = options;
        this.controlName = AreaNames.controlObject(area);
    }

    AreaWriter open() {
        long deadline = System.nanoTime() + CREATION_WAIT.toNanos();
        while (true) {
            try {
                MappedObject created = store.create(controlName, ControlDescriptor.OBJECT_SIZE, options.permissions());
                ControlObject control = ControlObject.wrapIfComplete(area, created);
                control.stamp();
                return own(control);
            } catch (FileAlreadyExistsException exists) {
                ControlObject control = openExisting();
                if (control != null) {
                    return own(control);
                }
            } catch (IOException e) {
                throw Failures.of(area, controlName, "create", e);
            }
            if (System.nanoTime() > deadline) {
                throw new CorruptAreaException(area, controlName, 0, "the control object stayed smaller than "
                        + ControlDescriptor.LENGTH + " bytes for " + CREATION_WAIT.toSeconds()
                        + " s; its creator died: remove the area");
            }
            Thread.onSpinWait();
            sleepBriefly();
        }
    }

    /**
     * {@return the existing control object mapped read-write, or null if it vanished or is still being sized}
     *
     * @throws AreaAccessDeniedException if another user owns it: an object planted under the area's
     *                                   name is never taken over, even by a user who could write it
     */
    private ControlObject openExisting() {
        try {
            if (!store.ownedByThisUser(controlName)) {
                throw new AreaAccessDeniedException(area, "area '" + area + "' belongs to user '"
                        + store.owner(controlName) + "'; a writer running as another user does not take it over", null);
            }
            return ControlObject.wrapIfComplete(area, store.openReadWrite(controlName));
        } catch (NoSuchFileException removedMeanwhile) {
            return null;
        } catch (IOException e) {
            throw Failures.of(area, controlName, "open", e);
        }
    }

    /**
     * Takes ownership of a control object and opens the writer on it. An area whose creation fails
     * is removed again, so that a failed creation leaves nothing behind.
     */
    private AreaWriter own(ControlObject control) {
        try {
            takeOwnership(control);
        } catch (RuntimeException e) {
            control.close();
            throw e;
        }
        boolean initializing = false;
        try {
            initializing = control.state() == ControlDescriptor.STATE_INITIALIZING;
            return initializing ? initialize(control) : recover(control);
        } catch (RuntimeException e) {
            if (initializing) {
                removeUnfinished(control, e);
            }
            control.release();
            control.close();
            throw e;
        }
    }

    /**
     * Removes an area whose creation failed (or whose creator died before publishing it, and whose
     * completion failed again), while this writer still owns it, so no other writer is working on
     * it: its generation 0, if made, then its control object.
     */
    private void removeUnfinished(ControlObject control, RuntimeException failure) {
        try {
            unlinkDataObjectsExcept(null, control, 0);
            store.unlink(controlName);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private void takeOwnership(ControlObject control) {
        while (true) {
            ControlObject.Owner owner = control.judgeOwner();
            if (owner.liveness() == Liveness.ALIVE
                    || owner.liveness() == Liveness.UNKNOWN && !options.takesOverUnjudgedOwner()) {
                throw control.busy(owner);
            }
            if (control.claim(owner.owner())) {
                previousOwner = owner.owner();
                return;
            }
        }
    }

    /** Creates generation 0 of a new area (or of one whose creator died before publishing it). */
    private AreaWriter initialize(ControlObject control) {
        // A creator that died before publishing can only have made generation 0.
        unlinkDataObjectsExcept(null, control, 0);
        control.initialize(TAGS.nextInt(), (recycles() ? ControlDescriptor.FLAG_READERS_ANNOUNCE : 0)
                | (options.mirror() ? ControlDescriptor.FLAG_MIRROR : 0));
        long salt = AreaNames.newSalt();
        control.setObjectName(0, 0, salt);
        DataObject first = createGeneration(0, salt);
        control.setPendingGeneration(0);
        control.publishGeneration(0);
        control.setState(ControlDescriptor.STATE_OPEN);
        return new AreaWriter(area, store, control, options, first, first.recordsOffset(), 1, 0, 0, new Accounting(),
                new ExpiryTracker(!Bookkeeping.countsOnDemand(options)), new ExpiredPrefix(first));
    }

    /**
     * {@return whether the new area's readers are to announce themselves, so that its writers may
     * recycle} Only where asked, and where the store can list objects: a writer finds its readers'
     * presences by listing.
     */
    private boolean recycles() {
        if (options.recycledObjects() == 0) {
            return false;
        }
        try {
            store.list();
            return true;
        } catch (IOException | UnsupportedOperationException cannotList) {
            return false;
        }
    }

    private DataObject createGeneration(long generation, long salt) {
        String name = AreaNames.dataObject(area, 0, salt);
        long slots = IdTable.firstSlots(options.mirror(), options.initialCapacity());
        long size = DataDescriptor.recordsOffset(0, slots) + options.initialCapacity();
        try {
            // Memory behind the header (and a mirror's id table) only: the writer reserves the rest as it appends.
            MappedObject created = store.create(name, size, DataDescriptor.recordsOffset(0, slots), options.permissions());
            return DataObject.create(area, created, generation, 0, 0, 0, 0, slots);
        } catch (IOException e) {
            throw Failures.of(area, name, "create", e);
        }
    }

    /**
     * Continues an area that a writer closed or died in. Everything is read and checked before
     * anything is changed: an area this writer cannot continue is left as it found it.
     */
    private AreaWriter recover(ControlObject control) {
        TakeoverEvent event = Events.enabled() ? new TakeoverEvent() : null;
        if (event != null) {
            event.begin();
        }
        control.validateHeader();
        if (control.isMirror() != options.mirror()) {
            throw new IllegalStateException(control.isMirror()
                    ? "area '" + area + "' is a mirror: its writer must open it with WriterOptions.asMirror()"
                    : "area '" + area + "' is no mirror: a writer with WriterOptions.asMirror() cannot open it");
        }
        long generation = control.currentGeneration();
        long pending = control.pendingGeneration();
        String name = control.dataObjectName(generation);
        if (name == null) {
            throw control.corrupt(ControlDescriptor.nameSaltOffset(generation), "the name salt word of current generation "
                    + generation + " names another generation");
        }
        DataObject data;
        try {
            data = DataObject.open(area, store.openReadWrite(name), generation);
        } catch (NoSuchFileException e) {
            throw control.corrupt(ControlDescriptor.CURRENT_GENERATION_OFFSET,
                    "current generation " + generation + " has no data object '" + name + "'");
        } catch (IOException e) {
            throw Failures.of(area, name, "open", e);
        }
        try {
            Scan scan = scan(data);
            // A collection that died leaves its pending generation, or the old one if it died after the switch.
            int removed = unlinkDataObjectsExcept(name, control, pending, generation - 1);
            control.setPendingGeneration(generation);
            for (long offset : scan.staleLinks()) {
                data.setSuccessor(offset, RecordDescriptor.CURRENT);
            }
            long idTableTaken = data.scrubIdTable(scan.tail());
            AreaWriter writer = new AreaWriter(area, store, control, options, data, scan.tail(), scan.nextSequence(),
                    scan.notices(), idTableTaken, scan.accounting(), scan.expiry(), scan.expiredPrefix());
            control.setState(ControlDescriptor.STATE_OPEN);
            long records = scan.records();
            if (previousOwner != Ownership.NONE) {
                LOG.log(System.Logger.Level.INFO, "area ''{0}'': took over from dead writer pid {1}; recovered {2} records"
                        + " of generation {3}, removed {4} leftover objects", area, String.valueOf(Ownership.pid(previousOwner)),
                        String.valueOf(records), String.valueOf(generation), String.valueOf(removed));
            }
            if (event != null && event.shouldCommit()) {
                event.area = area;
                event.previousOwnerPid = Ownership.pid(previousOwner);
                event.generation = generation;
                event.records = records;
                event.objectsRemoved = removed;
                event.commit();
            }
            return writer;
        } catch (RuntimeException e) {
            data.close();
            throw e;
        }
    }

    /**
     * What the committed records of the current generation say: the writer's state to continue
     * from, and the links to reset.
     *
     * @param notices    how many sequence numbers before {@code nextSequence} went to removal notices
     * @param staleLinks offsets of records whose link a writer killed mid-replace left pointing past
     *                   the tail: readers already take such a record for the newest, and the reset
     *                   must come before this writer appends over the bytes the link names
     */
    private record Scan(long tail, long nextSequence, long notices, long records, Accounting accounting,
                        ExpiryTracker expiry, ExpiredPrefix expiredPrefix, long[] staleLinks) {
    }

    /**
     * Walks the committed records, reading only.
     *
     * @throws speculo.api.CorruptAreaException if the sequence numbers are used up: no record could follow
     */
    private Scan scan(DataObject data) {
        long tail = data.committedTail();
        long now = options.clock().millis();
        Accounting accounting = new Accounting();
        ExpiryTracker expiry = new ExpiryTracker(!Bookkeeping.countsOnDemand(options));
        ExpiredPrefix expiredPrefix = new ExpiredPrefix(data);
        RecordCursor cursor = new RecordCursor();
        cursor.reset(data, data.recordsOffset(), 0);
        cursor.limit(tail);
        long records = 0;
        long notices = data.noticesThroughFloor();
        long[] staleLinks = new long[0];
        while (cursor.next()) {
            records++;
            if (cursor.isRemovalNotice()) {
                notices++;
            }
            if (cursor.isCurrent() && cursor.successor() != RecordDescriptor.CURRENT) {
                staleLinks = java.util.Arrays.copyOf(staleLinks, staleLinks.length + 1);
                staleLinks[staleLinks.length - 1] = cursor.offset();
            }
            accounting.count(cursor, now, expiry);
            if (!cursor.isRemovalNotice()) {
                expiredPrefix.added(cursor.offset(), cursor.expiresAt()); // it counts chunks (Bookkeeping.noticeCommitted)
            }
        }
        long highest = Math.max(data.sequenceFloor(), cursor.lastSequence());
        if (highest == Long.MAX_VALUE) {
            throw data.corrupt(cursor.lastSequence() == Long.MAX_VALUE ? cursor.offset() + RecordDescriptor.SEQUENCE_OFFSET
                            : DataDescriptor.SEQUENCE_FLOOR_OFFSET,
                    "sequence number " + Long.MAX_VALUE + " is taken: no record can follow it");
        }
        return new Scan(tail, highest + 1, notices, records, accounting, expiry, expiredPrefix, staleLinks);
    }

    /**
     * Unlinks every data object of the area this user owns except {@code keep} (none if null).
     * Another user's object under a data object name is none of the area's (the writer names its
     * objects with salts nobody else knows beforehand) and is left alone. Where the store cannot
     * list its objects, unlinks the generations a crash can have left instead, by the names the
     * control object records.
     */
    private int unlinkDataObjectsExcept(String keep, ControlObject control, long... leftoverCandidates) {
        int removed = 0;
        try {
            try {
                for (String name : store.list()) {
                    if (AreaNames.slotOf(area, name) >= 0 && !name.equals(keep) && ownedByThisUser(name)
                            && store.unlink(name)) {
                        removed++;
                    }
                }
            } catch (UnsupportedOperationException cannotList) {
                for (long generation : leftoverCandidates) {
                    String name = generation >= 0 ? control.dataObjectName(generation) : null;
                    if (name != null && !name.equals(keep) && store.unlink(name)) {
                        removed++;
                    }
                }
            }
            return removed;
        } catch (IOException e) {
            throw Failures.of(area, controlName, "clean up after", e);
        }
    }

    /** {@return whether this user owns an object; not if it is gone, or this user may not even look at it} */
    private boolean ownedByThisUser(String name) throws IOException {
        try {
            return store.ownedByThisUser(name);
        } catch (NoSuchFileException | AccessDeniedException notOurs) {
            return false;
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an area to be created", e);
        }
    }
}
