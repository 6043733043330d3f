package speculo.core.read;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import speculo.api.AreaNotFoundException;
import speculo.api.Chunk;
import speculo.api.ChunkHandle;
import speculo.api.ChunkHandler;
import speculo.api.ChunkStatus;
import speculo.api.ControlledChunkHandler;
import speculo.api.IdleStrategy;
import speculo.api.StartPosition;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.core.area.ReadOnlyArea;
import speculo.core.area.ReaderPresence;
import speculo.core.events.Events;
import speculo.core.events.GenerationSwitchEvent;
import speculo.core.area.ControlObject;
import speculo.core.area.DataObject;
import speculo.core.area.MemoryFaults;
import speculo.core.area.RecordCursor;
import speculo.core.layout.ControlDescriptor;
import speculo.core.layout.RecordDescriptor;
import speculo.core.spi.ObjectStore;

/**
 * A reader of an area over an {@link ObjectStore}. Maps the area's objects read-only and never
 * writes to them; where the area asks for it, it announces the generation it maps in a presence
 * object of its own ({@link ReaderPresence}), the one thing it writes.
 *
 * <p>Every request starts with {@link #followGeneration()}: one acquire load of the control
 * object's current generation. On a change the reader maps the new generation, finds where its
 * stream continues by binary search on the sequence index, and unmaps the old generation. The
 * stream itself is a {@link RecordCursor} bounded by an acquire load of the committed tail, so the
 * reader never looks at bytes the writer has not published.
 */
public final class AreaReader implements Reader {

    private static final MethodHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVirtual(ControlObject.class, "state", MethodType.methodType(long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@link #now} before this poll judged a record that has an expiry. */
    private static final long NOT_READ = Long.MIN_VALUE;

    private final String area;
    private final ObjectStore store;
    private final ControlObject control;
    private final InstantSource clock;
    private final int areaTag;
    private final RecordCursor cursor = new RecordCursor();
    private final ReaderChunk flyweight;
    /**
     * {@link ControlObject#state()} of this reader's control object, through a handle the JIT
     * cannot inline (a final instance field is no constant to it): see {@link #stateOutOfLine()}.
     */
    private final MethodHandle stateReader;
    /** Whether the stream hands over removal notices ({@link ReaderOptions#withRemovals}). */
    private final boolean removals;
    /** How {@link #next(Duration)} waits. */
    private final IdleStrategy idle;
    /** This reader's announcement of the generations it maps; null where the area's readers announce nothing. */
    private final ReaderPresence presence;
    /** The mappings of the objects this reader left, for the generations its writer puts in them again. */
    private final ReaderMappings mappings;

    private DataObject data;
    private long skipped;
    /**
     * Skip accounting. Every sequence number up to {@code accountedThrough} is either examined
     * (returned or counted as skipped when the cursor passed it), counted as dropped by a
     * collection, or one of the {@code pending} copied records still ahead of the cursor.
     */
    private long accountedThrough;
    private long pending;
    /**
     * How many sequence numbers up to {@code accountedThrough} went to removal notices: a
     * collection's dropped notices are not chunks, and are not counted as skipped.
     */
    private long noticesThroughAccounted;
    /** The committed tail the last {@link #refresh} read: how far the cursor may go. */
    private long limit;
    private boolean inPoll;
    /**
     * The time this poll judges expiry by, read from the clock at the first record it judges that
     * has an expiry, then kept for the rest of the poll; {@link #NOT_READ} until then.
     */
    private long now;
    private boolean closed;

    private AreaReader(String area, ObjectStore store, ControlObject control, ReaderPresence presence,
                       ReaderOptions options) {
        this.area = area;
        this.store = store;
        this.control = control;
        this.presence = presence;
        this.clock = options.clock();
        this.areaTag = control.areaTag();
        this.flyweight = new ReaderChunk(areaTag);
        this.idle = options.newIdleStrategy();
        this.removals = options.removals();
        this.stateReader = STATE.bindTo(control);
        this.mappings = new ReaderMappings(store);
        this.data = openCurrentGeneration();
        if (presence != null) {
            presence.held(data.generation());
        }
        cursor.reset(data, data.recordsOffset(), 0);
        // Records up to the floor were written before this generation; those not copied into it
        // were dropped before this reader existed and are not counted as skipped.
        this.accountedThrough = data.sequenceFloor();
        this.pending = data.indexCount();
        this.noticesThroughAccounted = data.noticesThroughFloor();
        if (options.start() == StartPosition.END) {
            skipToEnd();
        }
    }

    /** Passes over every record committed so far, as if returned: a reader at the end starts after them. */
    private void skipToEnd() {
        refresh();
        while (advance()) {
            // each one is consumed
        }
        skipped = 0;
    }

    /**
     * Opens a reader of an area.
     *
     * @param store   where the area lives
     * @param area    the area's name, already checked
     * @param options how to read
     * @return the reader, at the oldest live chunk
     */
    public static AreaReader open(ObjectStore store, String area, ReaderOptions options) {
        Events.preload(); // now, not at the first generation switch
        ControlObject control = openControlWaiting(store, area, options);
        ReaderPresence presence = null;
        try {
            presence = ReadOnlyArea.presenceIfAnnounced(store, control, area);
            return new AreaReader(area, store, control, presence, options);
        } catch (InternalError fault) {
            closeAll(presence, control);
            throw MemoryFaults.translate(fault, area, control.objectName() + " or its current generation");
        } catch (RuntimeException e) {
            closeAll(presence, control);
            throw e;
        }
    }

    /**
     * Opens the area's control object, looking again for up to {@link ReaderOptions#areaWait()}
     * while the area is not there (or not ready), as the idle strategy says. An interrupt ends the
     * wait, with the interrupt status kept.
     */
    private static ControlObject openControlWaiting(ObjectStore store, String area, ReaderOptions options) {
        long waitNanos = options.areaWait().toNanos();
        long deadline = System.nanoTime() + waitNanos;
        IdleStrategy idle = waitNanos > 0 ? options.newIdleStrategy() : null;
        if (idle != null) {
            idle.reset();
        }
        while (true) {
            try {
                return ReadOnlyArea.openControl(store, area, options.expectedOwner().orElse(null));
            } catch (AreaNotFoundException notYet) {
                long remaining = deadline - System.nanoTime();
                if (idle == null || remaining <= 0 || Thread.currentThread().isInterrupted()) {
                    throw notYet;
                }
                idle.idle(remaining);
            }
        }
    }

    @Override
    public String area() {
        return area;
    }

    // ----------------------------------------------------------------------------------------
    // The stream

    @Override
    public int poll(ChunkHandler handler, int maxChunks) {
        enterPoll(handler, maxChunks);
        try {
            refresh();
            int count = 0;
            while (count < maxChunks && advance()) {
                handler.onChunk(flyweight);
                count++;
            }
            return count;
        } catch (InternalError fault) {
            throw MemoryFaults.translate(fault, area, data.objectName());
        } finally {
            inPoll = false;
        }
    }

    @Override
    public int controlledPoll(ControlledChunkHandler handler, int maxChunks) {
        enterPoll(handler, maxChunks);
        try {
            refresh();
            int count = 0;
            while (count < maxChunks) {
                // Where to come back to if the handler aborts: before this advance, whose skipped
                // records (if any) are walked past again next time, to the same effect.
                long position = cursor.position();
                long lastSequence = cursor.lastSequence();
                long skippedBefore = skipped;
                long accountedBefore = accountedThrough;
                long pendingBefore = pending;
                long noticesBefore = noticesThroughAccounted;
                if (!advance()) {
                    break;
                }
                ControlledChunkHandler.Action action = handler.onChunk(flyweight);
                if (action == ControlledChunkHandler.Action.CONTINUE) {
                    count++;
                } else if (action == ControlledChunkHandler.Action.BREAK) {
                    count++;
                    break;
                } else if (action == ControlledChunkHandler.Action.ABORT) {
                    cursor.reset(data, position, lastSequence);
                    cursor.limit(limit);
                    skipped = skippedBefore;
                    accountedThrough = accountedBefore;
                    pending = pendingBefore;
                    noticesThroughAccounted = noticesBefore;
                    break;
                } else {
                    throw new IllegalStateException("the handler of area '" + area + "' returned no action");
                }
            }
            return count;
        } catch (InternalError fault) {
            throw MemoryFaults.translate(fault, area, data.objectName());
        } finally {
            inPoll = false;
        }
    }

    @Override
    public Optional<Chunk> next() {
        enter();
        try {
            refresh();
            return advance() ? Optional.of(flyweight.copy()) : Optional.empty();
        } catch (InternalError fault) {
            throw MemoryFaults.translate(fault, area, data.objectName());
        } finally {
            inPoll = false;
        }
    }

    @Override
    public Optional<Chunk> next(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        idle.reset();
        while (true) {
            Optional<Chunk> chunk = next();
            if (chunk.isPresent() || isEndOfStream()) {
                return chunk;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return Optional.empty();
            }
            idle.idle(remaining);
        }
    }

    /** Follows the generation and the committed tail, and forgets the last poll's time. */
    private void refresh() {
        followGeneration();
        long tail = data.committedTail();
        if (tail < cursor.position()) {
            throw data.corrupt(speculo.core.layout.DataDescriptor.COMMITTED_TAIL_OFFSET,
                    "committed tail " + tail + " went back below " + cursor.position());
        }
        cursor.limit(tail);
        limit = tail;
        now = NOT_READ;
    }

    /**
     * {@return whether a record that expires at {@code expiresAt} is still to be delivered} The
     * clock is read only here, once a poll, and only for a record that has an expiry: a read costs
     * ~20 ns and waits for the loads before it (the vDSO orders it), all of it on a chunk's way from
     * writer to reader. So an empty poll of a spinning reader does not read it, nor does a stream of
     * chunks that never expire.
     */
    private boolean unexpired(long expiresAt) {
        if (expiresAt == RecordDescriptor.NEVER) {
            return true;
        }
        if (now == NOT_READ) {
            now = clock.millis();
        }
        return expiresAt > now;
    }

    /**
     * Moves to the next live record, counting the ones passed over, and points the flyweight at it.
     *
     * @return {@code false} if there is none before the tail
     */
    private boolean advance() {
        while (true) {
            if (!cursor.next()) {
                return false;
            }
            long sequence = cursor.sequence();
            if (sequence > accountedThrough) {
                skipped += sequence - accountedThrough - 1;
                accountedThrough = sequence;
                if (cursor.isRemovalNotice()) {
                    noticesThroughAccounted++;
                }
            } else if (pending > 0) {
                pending--;
            }
            if (cursor.isCurrent() && unexpired(cursor.expiresAt())) {
                flyweight.set(data, cursor.offset(), cursor.length(), cursor.sequence(), cursor.id(), cursor.expiresAt(), false);
                return true;
            }
            if (cursor.isRemovalNotice()) { // not a chunk: handed over if asked for, never counted as skipped
                if (removals) {
                    flyweight.set(data, cursor.offset(), 0, cursor.sequence(), cursor.id(), cursor.expiresAt(), true);
                    return true;
                }
                continue;
            }
            skipped++;
        }
    }

    // ----------------------------------------------------------------------------------------
    // Handles

    @Override
    public Optional<Chunk> read(ChunkHandle handle) {
        Objects.requireNonNull(handle, "handle");
        requireOpen();
        try {
            return resolve(handle);
        } catch (InternalError fault) {
            throw MemoryFaults.translate(fault, area, data.objectName());
        }
    }

    @Override
    public ChunkStatus status(ChunkHandle handle) {
        Objects.requireNonNull(handle, "handle");
        requireOpen();
        try {
            long offset = newestCopy(handle);
            if (offset == DataObject.NOT_FOUND) {
                return ChunkStatus.GONE;
            }
            if (offset == DataObject.REMOVED_CHUNK) {
                return ChunkStatus.REMOVED;
            }
            return expired(data.expiresAt(offset)) ? ChunkStatus.EXPIRED : ChunkStatus.LIVE;
        } catch (InternalError fault) {
            throw MemoryFaults.translate(fault, area, data.objectName());
        }
    }

    /** {@return the offset of the handle's newest copy, or {@link DataObject#NOT_FOUND} or {@link DataObject#REMOVED_CHUNK}} */
    private long newestCopy(ChunkHandle handle) {
        boolean bySourceId = control.bySourceId(handle);
        if (!inPoll) {
            followGeneration();
        }
        return data.resolve(handle, bySourceId);
    }

    /** {@return whether a chunk that expires at {@code expiresAt} has expired by this reader's clock, read now} */
    private boolean expired(long expiresAt) {
        return expiresAt != RecordDescriptor.NEVER && expiresAt <= clock.millis();
    }

    private Optional<Chunk> resolve(ChunkHandle handle) {
        long offset = newestCopy(handle);
        if (offset < 0) {
            return Optional.empty();
        }
        long expiresAt = data.expiresAt(offset);
        if (expired(expiresAt)) {
            return Optional.empty();
        }
        long length = data.checkedLength(offset, data.committedTail());
        return Optional.of(new ReaderChunk(areaTag).set(data, offset, length, data.sequence(offset), handle.id(),
                expiresAt, false));
    }

    // ----------------------------------------------------------------------------------------
    // Generations

    /** Moves to the current generation if the writer switched (one acquire load when it did not). */
    private void followGeneration() {
        long generation = control.currentGeneration();
        if (generation == data.generation()) {
            return;
        }
        if (generation < data.generation()) {
            throw control.corrupt(ControlDescriptor.CURRENT_GENERATION_OFFSET, "current generation went back from "
                    + data.generation() + " to " + generation);
        }
        GenerationSwitchEvent event = Events.enabled() ? new GenerationSwitchEvent() : null;
        if (event != null) {
            event.begin();
        }
        long skippedBefore = skipped;
        DataObject next = openCurrentGeneration();
        long examined = cursor.lastSequence();
        long resume = next.indexedRecord(next.indexAfterSequence(examined));
        accountDropped(next, examined);
        DataObject old = data;
        data = next;
        cursor.reset(next, resume, examined);
        old.close();
        if (presence != null) {
            presence.held(next.generation()); // after the unmapping: the old generation is free to recycle
        }
        if (event != null && event.shouldCommit()) {
            event.area = area;
            event.fromGeneration = old.generation();
            event.toGeneration = next.generation();
            event.dropped = skipped - skippedBefore;
            event.commit();
        }
    }

    /**
     * Counts as skipped the chunks a collection dropped before this reader got to them. Of the
     * sequence numbers after the last one examined, up to the higher of the accounted bound and the
     * new floor, those that are not copied records still ahead are dropped; the difference to the
     * count of dropped ones before the switch is what this collection dropped. Removal notices
     * among them count only for a reader of notices: the new generation's header says how many
     * numbers up to its floor went to notices, of which those beyond the accounted bound are new.
     */
    private void accountDropped(DataObject next, long examined) {
        long through = Math.max(accountedThrough, next.sequenceFloor());
        long ahead = next.indexAfterSequence(through) - next.indexAfterSequence(examined);
        long droppedBefore = accountedThrough - examined - pending;
        long droppedAfter = through - examined - ahead;
        if (ahead < 0 || droppedAfter < droppedBefore) {
            throw next.corrupt(speculo.core.layout.DataDescriptor.SEQUENCE_FLOOR_OFFSET, "the index of generation "
                    + next.generation() + " brings back records its predecessor had dropped");
        }
        long droppedNotices = 0;
        if (through > accountedThrough) {
            droppedNotices = next.noticesThroughFloor() - noticesThroughAccounted;
            if (droppedNotices < 0 || droppedNotices > droppedAfter - droppedBefore) {
                throw next.corrupt(speculo.core.layout.DataDescriptor.NOTICES_THROUGH_FLOOR_OFFSET, "generation "
                        + next.generation() + " counts " + next.noticesThroughFloor() + " removal notices through its floor,"
                        + " which does not fit the " + noticesThroughAccounted + " before and the "
                        + (droppedAfter - droppedBefore) + " records dropped");
            }
            noticesThroughAccounted = next.noticesThroughFloor();
        }
        // A reader of notices missed the dropped ones: they count for it, as the chunks do.
        skipped += droppedAfter - droppedBefore - (removals ? 0 : droppedNotices);
        accountedThrough = through;
        pending = ahead;
    }

    private DataObject openCurrentGeneration() {
        return ReadOnlyArea.openCurrentGeneration(store, control, area, presence, mappings::open);
    }

    private static void closeAll(ReaderPresence presence, ControlObject control) {
        if (presence != null) {
            presence.close();
        }
        control.close();
    }

    // ----------------------------------------------------------------------------------------
    // State

    @Override
    public long bytesBehind() {
        requireOpen();
        try {
            return Math.max(0, data.committedTail() - cursor.position());
        } catch (InternalError fault) {
            throw MemoryFaults.translate(fault, area, data.objectName());
        }
    }

    @Override
    public long skipped() {
        return skipped;
    }

    @Override
    public long generation() {
        requireOpen();
        return data.generation();
    }

    @Override
    public boolean isWriterClosed() {
        requireOpen();
        try {
            return stateOutOfLine() == ControlDescriptor.STATE_CLOSED;
        } catch (InternalError fault) {
            throw MemoryFaults.translate(fault, area, control.objectName());
        }
    }

    /**
     * {@return the control object's state, read in a call the JIT does not inline} HotSpot reports
     * a fault in compiled code (the object truncated under this reader) at the next safepoint poll
     * after it, not at the load; a call's return is such a poll, so the fault surfaces here, inside
     * the caller's catch. Inlined, the next poll may be the caller's own return, past its catch.
     */
    private long stateOutOfLine() {
        try {
            return (long) stateReader.invokeExact();
        } catch (InternalError | RuntimeException e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public boolean isEndOfStream() {
        requireOpen();
        try {
            if (cursor.position() < data.committedTail()) {
                return false; // records left to read: not the end, whatever the writer did (no control load)
            }
            if (stateOutOfLine() != ControlDescriptor.STATE_CLOSED) {
                return false;
            }
            // The state was acquired first: everything committed before the close is visible now.
            followGeneration();
            return cursor.position() >= data.committedTail();
        } catch (InternalError fault) {
            throw MemoryFaults.translate(fault, area, data.objectName());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        data.close();
        mappings.close();
        closeAll(presence, control);
    }

    /** Checks a poll's arguments, then {@link #enter()}s it. */
    private void enterPoll(Object handler, int maxChunks) {
        Objects.requireNonNull(handler, "handler");
        if (maxChunks <= 0) {
            throw new IllegalArgumentException("maxChunks must be positive: " + maxChunks);
        }
        enter();
    }

    private void enter() {
        requireOpen();
        if (inPoll) {
            throw new IllegalStateException("a chunk handler must not poll its own reader of area '" + area + "'");
        }
        inPoll = true;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the reader of area '" + area + "' is closed");
        }
    }
}
