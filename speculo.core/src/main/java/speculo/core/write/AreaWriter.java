package speculo.core.write;

import static speculo.core.layout.RecordDescriptor.CURRENT;
import static speculo.core.layout.RecordDescriptor.NEVER;
import static speculo.core.layout.RecordDescriptor.REMOVED;
import static speculo.core.layout.RecordDescriptor.dataOffset;
import static speculo.core.layout.RecordDescriptor.recordLength;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Future;
import speculo.api.AreaFullException;
import speculo.api.AreaIOException;
import speculo.api.AreaStats;
import speculo.api.ChunkHandle;
import speculo.api.ChunkNotFoundException;
import speculo.api.Claim;
import speculo.api.GcPolicy;
import speculo.api.Writer;
import speculo.api.WriterOptions;
import speculo.core.area.ControlObject;
import speculo.core.area.DataObject;
import speculo.core.area.RecordCursor;
import speculo.core.events.Events;
import speculo.core.layout.ControlDescriptor;
import speculo.core.spi.ObjectStore;

/**
 * The writer of an area over an {@link ObjectStore}. Opened (created or taken over) by
 * {@link WriterOpening}.
 *
 * <p>Every change follows the same steps: {@link #reserve reserve} space (collecting if it does not
 * fit), write the record with plain stores past the committed tail, link the older copy it replaces
 * to it (a release store of its successor word, which readers ignore until the new record is
 * committed), {@link #commitRecord commit} it with the release store of the tail, then ask the GC
 * policy ({@link #afterChange}). A removal is one release store of the successor word.
 */
public final class AreaWriter implements Writer {

    private static final GcPolicy WHEN_FULL = GcPolicy.whenFull();
    /**
     * How far ahead of the tail the writer puts memory behind the area at a time, when it must do so
     * itself; a chunk larger than this backs just itself. Each step stalls one append for its fresh
     * pages (~2.3 µs per 4 KiB on the benchmark VM), so the step sets the tail of the append
     * latency: 256 KiB stalled one 1 KiB chunk in 256 for ~150 µs (p99 155 µs); 64 KiB stalls
     * one in 64 for ~40 µs (p99 45 µs) at a cost of 3-5 % of 1 KiB throughput (one more
     * {@code madvise} per 64 KiB). Smaller steps cost more calls than they save (16 KiB: 13-15 %).
     */
    private static final long RESERVE_STEP = 64 * 1024;
    /** How far ahead of the tail the {@link BackingAhead helper} is asked to keep memory behind the area. */
    private static final long BACK_AHEAD = 4L << 20;
    /** How often, in bytes appended, the writer renews that request. */
    private static final long BACK_AHEAD_RECHECK = 1L << 20;
    /** {@link #appendCopy} of a new chunk. */
    private static final long NO_OLDER_COPY = -1;
    /** In place of a time to live: the caller gave the expiry itself. Times to live are positive. */
    private static final long EXPIRY_GIVEN = 0;

    private final String area;
    private final ControlObject control;
    private final WriterOptions options;
    private final InstantSource clock;
    private final GcPolicy policy;
    private final Collector collector;
    /** Retired generations' objects kept for reuse; none where the area's readers do not announce themselves. */
    private final RecycledObjects recycled;
    private final int areaTag;
    private final Accounting accounting;
    private final ExpiryTracker expiry;
    private final ExpiredPrefix expiredPrefix;
    /** What the writer committed, so that a collection copies, and {@link #stats()} counts, the plain stream at the tail unread. */
    private final RecordLog log;
    /** The policy never needs statistics to decide: {@link #stats()} counts by walking the area instead. */
    private final boolean countsOnDemand;
    private final RecordCursor census = new RecordCursor();
    private final BackingAhead backingAhead = new BackingAhead();

    private DataObject current;
    private long tail;
    /**
     * Memory is known to be behind the current generation up to here, or a little less: the writer
     * comes back to {@link #reserveAhead} at least every {@link #BACK_AHEAD_RECHECK} bytes, and
     * every {@link #RESERVE_STEP} while {@link #prepareNextBy} is pending.
     */
    private long reservedEnd;
    /** Past this tail, the next generation is prepared ({@link Collector#prepareNext}): half the head-room used. */
    private long prepareNextAt;
    /**
     * From this time on (the clock's epoch ms), the next generation is prepared even if the tail is
     * not that far: half the time between the last two collections has passed. A policy that
     * collects by time or by dead ratio may collect long before the head-room is half used, and a
     * collection with no generation prepared pays for every fresh page it copies into (the demo's
     * writer, collecting every second: 36-80 ms). {@link Long#MAX_VALUE}: not known, or prepared.
     */
    private long prepareNextBy = Long.MAX_VALUE;
    /** The clock's epoch ms at the end of the last collection; {@link Long#MIN_VALUE} before the first. */
    private long lastCollectedAt = Long.MIN_VALUE;
    private long nextSequence;
    /** The writer's one claim object, open while a claim is. */
    private final WriterClaim claim = new WriterClaim(this);
    private boolean closed;
    /** The unlinking and unmapping of the last retired generation, off this thread; {@link #close} waits for it. */
    private Future<?> retirement;

    private long gcCount;
    /** The length of the last record published, header and padding included: what {@link #backForNextRecord} backs ahead. */
    private long lastRecordLength;
    private Duration lastGcDuration = Duration.ZERO;
    private Instant lastGcAt;

    AreaWriter(String area, ObjectStore store, ControlObject control, WriterOptions options, DataObject current,
               long tail, long nextSequence, Accounting accounting, ExpiryTracker expiry, ExpiredPrefix expiredPrefix) {
        this.area = area;
        this.control = control;
        this.options = options;
        this.clock = options.clock();
        this.policy = options.gcPolicy();
        this.recycled = new RecycledObjects(area, store, control.readersAnnounce() ? options.recycledObjects() : 0);
        this.collector = new Collector(area, store, control, options, recycled);
        this.areaTag = control.areaTag();
        this.current = current;
        this.tail = tail;
        this.reservedEnd = tail;
        this.prepareNextAt = prepareNextAt(current);
        this.nextSequence = nextSequence;
        this.accounting = accounting;
        this.expiry = expiry;
        this.expiredPrefix = expiredPrefix;
        // Records before the tail were found, not written, by this writer: its plain stream starts there.
        this.log = new RecordLog(tail, RecordLog.enabled());
        this.countsOnDemand = countsOnDemand(options);
        this.lastGcAt = clock.instant();
    }

    /**
     * Opens the writer of an area: creates the area, or takes it over from a closed or dead writer.
     *
     * @param store   where the area lives
     * @param area    the area's name, already checked
     * @param options how to manage it
     * @return the writer
     */
    public static AreaWriter open(ObjectStore store, String area, WriterOptions options) {
        Events.preload(); // now, not at the first collection
        return new WriterOpening(store, area, options).open();
    }

    @Override
    public String area() {
        return area;
    }

    @Override
    public InstantSource clock() {
        return clock;
    }

    // ----------------------------------------------------------------------------------------
    // Writing

    @Override
    public ChunkHandle write(MemorySegment data, Instant expiresAt) {
        Objects.requireNonNull(data, "data");
        return writeNew(data, checkedExpiry(expiresAt), EXPIRY_GIVEN);
    }

    @Override
    public ChunkHandle write(MemorySegment data, Duration ttl) {
        Objects.requireNonNull(data, "data");
        return writeNew(data, NEVER, ttlMillis(ttl));
    }

    @Override
    public long append(MemorySegment data, Instant expiresAt) {
        Objects.requireNonNull(data, "data");
        return appendNew(data, checkedExpiry(expiresAt), EXPIRY_GIVEN);
    }

    @Override
    public long append(MemorySegment data, Duration ttl) {
        Objects.requireNonNull(data, "data");
        return appendNew(data, NEVER, ttlMillis(ttl));
    }

    private ChunkHandle writeNew(MemorySegment data, long expiry, long ttlMillis) {
        long offset = commitNew(data, expiry, ttlMillis);
        // Made before afterChange: a collection there moves the record; the handle names where it was written.
        ChunkHandle handle = handle(offset, nextSequence - 1);
        afterChange();
        return handle;
    }

    private long appendNew(MemorySegment data, long expiry, long ttlMillis) {
        commitNew(data, expiry, ttlMillis);
        long sequence = nextSequence - 1;
        afterChange();
        return sequence;
    }

    /**
     * Appends and commits a new chunk without asking the GC policy; {@return the record's offset}
     *
     * @param expiry    when it expires (epoch ms), if {@code ttlMillis} is {@link #EXPIRY_GIVEN}
     * @param ttlMillis else its time to live, counted from after {@link #reserve}
     */
    private long commitNew(MemorySegment data, long expiry, long ttlMillis) {
        requireWritable();
        long offset = reserve(data.byteSize());
        appendCopy(offset, data, nextSequence, expiryAfterReserve(expiry, ttlMillis), NO_OLDER_COPY);
        return offset;
    }

    /**
     * {@return {@code expiry}, or for a time to live, the clock read now plus it} Now is after the
     * chunk's room was found: a collection that ran for it first must not use up its time to live
     * (a 10 ms chunk that waited out a 10 ms collection was published already expired, and no
     * reader ever saw it).
     */
    private long expiryAfterReserve(long expiry, long ttlMillis) {
        return ttlMillis == EXPIRY_GIVEN ? expiry : expiryAfterMillis(ttlMillis);
    }

    @Override
    public Claim claim(long size, Instant expiresAt) {
        return claimNew(size, checkedExpiry(expiresAt), EXPIRY_GIVEN);
    }

    @Override
    public Claim claim(long size, Duration ttl) {
        return claimNew(size, NEVER, ttlMillis(ttl)); // no Instant in between: claiming allocates nothing
    }

    /**
     * Reserves the record of a claim and writes its header; the bytes of an aborted claim past the
     * tail are simply overwritten later. {@return the writer's claim object, opened for it}
     */
    private Claim claimNew(long size, long expiryGiven, long ttlMillis) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        requireWritable();
        long offset = reserve(size);
        long expiry = expiryAfterReserve(expiryGiven, ttlMillis);
        long sequence = nextSequence;
        current.writeHeader(offset, size, sequence, sequence, expiry);
        claim.open(current.segment(), offset, size, sequence, expiry);
        return claim;
    }

    /** Publishes the claim {@link WriterClaim#commit()} ended; {@return the new chunk's handle} */
    ChunkHandle commitClaim(WriterClaim ended) {
        commitRecord(ended.offset, ended.length, ended.sequence, ended.sequence, ended.expiresAt);
        ChunkHandle handle = handle(ended.offset, ended.sequence);
        afterChange();
        return handle;
    }

    /** Publishes the claim {@link WriterClaim#append()} ended; {@return the new chunk's sequence number} */
    long appendClaim(WriterClaim ended) {
        commitRecord(ended.offset, ended.length, ended.sequence, ended.sequence, ended.expiresAt);
        afterChange();
        return ended.sequence;
    }

    @Override
    public ChunkHandle replace(ChunkHandle handle, MemorySegment data, Instant expiresAt) {
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(data, "data");
        return replaceWith(handle, data, checkedExpiry(expiresAt), EXPIRY_GIVEN);
    }

    @Override
    public ChunkHandle replace(ChunkHandle handle, MemorySegment data, Duration ttl) {
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(data, "data");
        return replaceWith(handle, data, NEVER, ttlMillis(ttl));
    }

    private ChunkHandle replaceWith(ChunkHandle handle, MemorySegment data, long expiryGiven, long ttlMillis) {
        requireWritable();
        control.requireOwnHandle(handle);
        long offset = reserve(data.byteSize());
        long old = resolveLive(handle);
        if (old == DataObject.NOT_FOUND) {
            throw new ChunkNotFoundException(area, handle);
        }
        long oldLength = recordLength(current.checkedLength(old, tail));
        appendCopy(offset, data, handle.id(), expiryAfterReserve(expiryGiven, ttlMillis), old);
        ChunkHandle newer = handle(offset, handle.id());
        accounting.died(oldLength);
        log.retired(old + oldLength);
        afterChange();
        return newer;
    }

    @Override
    public boolean remove(ChunkHandle handle) {
        Objects.requireNonNull(handle, "handle");
        requireWritable();
        control.requireOwnHandle(handle);
        long offset = resolveLive(handle);
        if (offset == DataObject.NOT_FOUND) {
            return false;
        }
        long length = recordLength(current.checkedLength(offset, tail));
        current.setSuccessor(offset, REMOVED);
        accounting.died(length);
        log.retired(offset + length);
        afterChange();
        return true;
    }

    @Override
    public void collect() {
        requireWritable();
        collectNow(0);
    }

    /**
     * Finds room for a record of {@code length} data bytes at the tail, collecting if it does not
     * fit, with memory behind it.
     *
     * @return the offset of the new record: the tail
     */
    private long reserve(long length) {
        if (length > options.maxCapacity()) {
            throw new AreaFullException(area, length, options.maxCapacity());
        }
        long needed = recordLength(length);
        if (needed > current.size() - tail) {
            collectNow(needed);
        }
        if (tail + needed > reservedEnd) {
            reserveAhead(tail + needed);
        }
        if (tail >= prepareNextAt) {
            prepareNextAt = Long.MAX_VALUE;
            prepareNextBy = Long.MAX_VALUE;
            collector.prepareNext(current);
        }
        return tail;
    }

    /**
     * {@return the tail past which the generation after {@code generation} is prepared, or
     * {@link Long#MAX_VALUE} for never} Never where objects have memory behind them from the start
     * (nothing to prepare ahead), or with {@code -Dspeculo.writer.standby=false}.
     */
    private static long prepareNextAt(DataObject generation) {
        if (!StandbyGeneration.ENABLED || generation.fullyBacked()) {
            return Long.MAX_VALUE;
        }
        return generation.copiedEnd() + (generation.size() - generation.copiedEnd()) / 2;
    }

    /**
     * Puts memory behind the area up to at least {@code end}, and asks the {@link BackingAhead
     * helper} to keep {@link #BACK_AHEAD} beyond it backed. Objects are created with memory only
     * behind what they hold: a fresh page costs microseconds, far too much to pay for a whole new
     * generation during a collection's pause. What the helper has not reached yet, the writer backs
     * here, a step at a time, never waiting for it; a full system fails here, before anything is
     * written.
     */
    private void reserveAhead(long end) {
        if (prepareNextBy != Long.MAX_VALUE && clock.millis() >= prepareNextBy) {
            prepareNextAt = tail; // looked at once per backing step, not per chunk: a clock read costs ~20 ns
        }
        if (current.fullyBacked()) {
            reservedEnd = current.size();
            return;
        }
        long known = Math.max(reservedEnd, backingAhead.backedEnd(current));
        if (known < end) {
            long upTo = Math.min(current.size(), Math.max(end, known + RESERVE_STEP));
            try {
                current.reserve(known, upTo - known);
            } catch (AreaIOException noRoom) {
                giveBackMemoryHeldAside();
                current.reserve(known, upTo - known);
            }
            known = upTo;
        }
        if (askBackingAhead(known, end)) {
            // Come back to renew the request; and, while the next generation may fall due by time,
            // every step to look at the clock, even where the helper is far ahead.
            known = Math.min(known, end + (prepareNextBy == Long.MAX_VALUE ? BACK_AHEAD_RECHECK : RESERVE_STEP));
        }
        reservedEnd = known;
    }

    /**
     * Asks the {@link BackingAhead helper}, if writers use it here, to back the current generation
     * from {@code known} (everything before it has memory behind it) to {@link #BACK_AHEAD} past
     * {@code end}; {@return whether it was asked}
     */
    private boolean askBackingAhead(long known, long end) {
        if (!BackingAhead.ENABLED || current.fullyBacked()) {
            return false;
        }
        backingAhead.request(current, known, Math.min(current.size(), end + BACK_AHEAD));
        return true;
    }

    /**
     * Writes a record holding a copy of {@code data} at the reserved {@code offset} and commits it.
     * The copy it replaces, if any, is linked to it before the commit: readers take a link past the
     * tail for "not replaced yet", so the replacement takes effect at the commit, in one step, and a
     * writer killed in between leaves the old copy current for everyone.
     *
     * @param olderCopy the offset of the copy this one replaces, or {@link #NO_OLDER_COPY}
     */
    private void appendCopy(long offset, MemorySegment data, long id, long expiresAt, long olderCopy) {
        long length = data.byteSize();
        long sequence = nextSequence;
        current.writeHeader(offset, length, sequence, id, expiresAt);
        MemorySegment.copy(data, 0, current.segment(), dataOffset(offset), length);
        if (olderCopy != NO_OLDER_COPY) {
            current.setSuccessor(olderCopy, offset);
        }
        commitRecord(offset, length, sequence, id, expiresAt);
    }

    /** Publishes the record at the tail (R7): the release store of the committed tail. */
    private void commitRecord(long offset, long length, long sequence, long id, long expiresAt) {
        long end = offset + recordLength(length);
        current.publishTail(end);
        tail = end;
        lastRecordLength = end - offset;
        nextSequence = sequence + 1;
        accounting.added(end - offset);
        expiredPrefix.added(offset, expiresAt);
        if (expiresAt != NEVER) {
            expiry.track(expiresAt, offset);
        }
        log.committed(offset, end, sequence, id, expiresAt);
    }

    /** {@return the handle of chunk {@code id}'s record at {@code offset} of the current generation} */
    private ChunkHandle handle(long offset, long id) {
        return new ChunkHandle(areaTag, current.generation(), offset, id);
    }

    /**
     * {@return whether a writer with these options keeps no expiry queue and counts on demand} True
     * for the default policy, which never says yes: the writer then skips building statistics after
     * each change (an allocation) and reading expired records back to count them.
     */
    static boolean countsOnDemand(WriterOptions options) {
        return options.gcPolicy() == WHEN_FULL;
    }

    /**
     * Asks the policy whether to collect now (R10; a chunk that does not fit collects anyway, in
     * {@link #reserve}), then {@linkplain #backForNextRecord backs the room of the next record}.
     */
    private void afterChange() {
        if (!countsOnDemand && policy.shouldCollect(stats())) {
            collectNow(0);
        }
        backForNextRecord();
    }

    /**
     * Puts memory behind the room of a next record as long as the last one, now that the last one
     * is published, so that its fresh pages are paid for after a chunk's way to the readers, not on
     * it. A writer that pauses between chunks (paced, or waiting for its next event) then pays
     * them in the pause: a 64 KiB chunk's ~40 µs of fresh pages on the benchmark VM no longer delay
     * the chunk that needs them. A flat-out writer does the same work, only earlier. Never more than
     * {@link #BACK_AHEAD} ahead, as far as the helper would go: memory is not held long before use. If there is no
     * room, nothing is said here: {@link #reserve} tries again before the next record is written
     * and fails there, before anything is written.
     */
    private void backForNextRecord() {
        long end = Math.min(current.size(), tail + Math.min(lastRecordLength, BACK_AHEAD));
        if (end <= reservedEnd) {
            return;
        }
        try {
            reserveAhead(end);
        } catch (AreaIOException noRoomYet) {
            // reserve() meets it again before the next record and reports it to that call
        }
    }

    private void collectNow(long extraNeeded) {
        long started = System.nanoTime();
        DataObject old = current;
        long oldBackedEnd = old.fullyBacked() ? old.size() : Math.max(reservedEnd, backingAhead.backedEnd(old));
        try {
            current = collector.collect(current, tail, clock.millis(), nextSequence - 1, extraNeeded, accounting,
                    expiry, expiredPrefix, log);
        } catch (AreaIOException noRoom) { // a failed collection leaves the area as it was
            giveBackMemoryHeldAside();
            current = collector.collect(current, tail, clock.millis(), nextSequence - 1, extraNeeded, accounting,
                    expiry, expiredPrefix, log);
        }
        tail = current.copiedEnd();
        reservedEnd = Math.min(current.size(), Math.max(tail, collector.lastBackedEnd()));
        // From the copied end, the last byte the collection backed: the waiting chunk's room is not
        // backed yet, and the helper's progress counts as memory from the object's start (a helper
        // asked from past that room once left it unbacked, and a full /dev/shm killed the writer
        // with SIGBUS there). Asked before the old generation's retirement is queued.
        askBackingAhead(tail, tail + extraNeeded);
        retire(recycled.keep(old, oldBackedEnd), old);
        gcCount++;
        lastGcDuration = Duration.ofNanos(System.nanoTime() - started);
        lastGcAt = clock.instant();
        long now = lastGcAt.toEpochMilli();
        prepareNextAt = prepareNextAt(current);
        prepareNextBy = prepareNextAt == Long.MAX_VALUE || lastCollectedAt == Long.MIN_VALUE ? Long.MAX_VALUE
                : now + Math.max(0, now - lastCollectedAt) / 2;
        lastCollectedAt = now;
    }

    /**
     * Has retired objects unlinked and unmapped off this thread, once the {@link BackingAhead
     * helper} is done with them; {@code kept}, if not among them, stays mapped for reuse, and the
     * helper is no longer asked to back it.
     */
    private void retire(List<DataObject> objects, DataObject kept) {
        if (kept != null && !objects.contains(kept)) {
            backingAhead.forget(kept);
        }
        for (DataObject object : objects) {
            retirement = backingAhead.retireWhenUnused(object, () -> collector.retire(object));
        }
    }

    /**
     * Gives the system back the memory this writer holds apart from the area's data, when there is
     * none left for the area: the prepared next generation, the objects kept for reuse, and old
     * generations (or a standby a failed collection dropped) whose unlinking and unmapping are
     * still queued off this thread. On a tight {@code /dev/shm} those can be what fills it; the
     * caller then tries once more.
     */
    private void giveBackMemoryHeldAside() {
        collector.discardStandby(current);
        retire(recycled.drain(), null);
        Unmapper.drain();
    }

    /** {@return the newest copy of the handle's chunk if it is live now, else {@link DataObject#NOT_FOUND}} */
    private long resolveLive(ChunkHandle handle) {
        long offset = current.resolve(handle);
        if (offset == DataObject.NOT_FOUND || current.expiresAt(offset) <= clock.millis()) {
            return DataObject.NOT_FOUND;
        }
        return offset;
    }

    // ----------------------------------------------------------------------------------------
    // Statistics

    @Override
    public AreaStats stats() {
        requireOpen();
        long now = clock.millis();
        if (countsOnDemand) {
            recount(now);
        } else {
            drainExpired(now);
        }
        return new AreaStats(current.size() - current.recordsOffset(), options.maxCapacity(),
                tail - current.recordsOffset(), accounting.liveBytes, accounting.deadBytes, accounting.liveChunks,
                accounting.deadChunks, current.generation(), gcCount, lastGcDuration, lastGcAt, Instant.ofEpochMilli(now));
    }

    /**
     * Counts the committed records of the current generation afresh, as live or dead at {@code now}:
     * those of the expired start ({@link ExpiredPrefix}) as a whole, then one by one up to the
     * plain stream the {@link RecordLog} holds, whose expired and live parts it counts as wholes
     * (its first live record found by binary search). A monitor that asks every second must not
     * make the writer read every header each time.
     */
    private void recount(long now) {
        accounting.reset();
        long liveFrom = expiredPrefix.liveFrom(now);
        long[] kept = expiredPrefix.neverExpiringBefore(liveFrom);
        long keptBytes = 0;
        RecordLog.Entries logged = log.entries();
        long plainPart = log.plainPart(liveFrom, tail);
        long walkEnd = plainPart >= 0 ? logged.offset(plainPart) : tail;
        Candidates records = new Candidates(census, current, kept, liveFrom, tail, walkEnd);
        while (records.next()) {
            accounting.count(census, now, expiry);
            if (census.offset() < liveFrom) {
                keptBytes += census.recordLength();
            }
        }
        accounting.expiredUnread(expiredPrefix.recordsBefore(liveFrom) - kept.length,
                liveFrom - current.recordsOffset() - keptBytes);
        if (plainPart >= 0) {
            long firstLive = logged.firstLive(plainPart, now);
            long liveStart = firstLive < logged.count() ? logged.offset(firstLive) : tail;
            accounting.expiredUnread(firstLive - plainPart, liveStart - walkEnd);
            accounting.liveUnread(logged.count() - firstLive, tail - liveStart);
        }
    }

    /** Counts the records that expired by {@code now} as dead. */
    private void drainExpired(long now) {
        while (expiry.hasExpired(now)) {
            long offset = expiry.poll();
            if (current.successor(offset) == CURRENT) {
                accounting.died(recordLength(current.checkedLength(offset, tail)));
            }
        }
    }

    // ----------------------------------------------------------------------------------------
    // Closing

    @Override
    public void close() {
        if (closed) {
            return;
        }
        claim.close(); // an open claim is aborted
        closed = true;
        retire(recycled.drain(), null);
        Unmapper.await(retirement); // so that a closed area holds its control object and current generation only
        collector.discardStandby(current);
        control.setState(ControlDescriptor.STATE_CLOSED);
        control.release();
        backingAhead.stop(current);
        current.close();
        control.close();
    }

    // ----------------------------------------------------------------------------------------
    // Checks

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the writer of area '" + area + "' is closed");
        }
    }

    private void requireWritable() {
        requireOpen();
        if (claim.isOpen()) {
            throw new IllegalStateException("area '" + area + "' has an open claim of " + claim.length
                    + " bytes: commit or abort it first");
        }
    }

    @Override
    public Instant expiryAfter(Duration ttl) {
        long expiry = expiryAfterMillis(ttlMillis(ttl));
        return expiry == NEVER ? Instant.MAX : Instant.ofEpochMilli(expiry);
    }

    /** Checks a time to live; {@return it in ms, rounded up to whole ms, {@link Long#MAX_VALUE} if longer} */
    private static long ttlMillis(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
        try {
            return Math.addExact(ttl.toMillis(), ttl.toNanosPart() % 1_000_000 == 0 ? 0 : 1);
        } catch (ArithmeticException beyondLong) {
            return Long.MAX_VALUE;
        }
    }

    /** {@return the expiry in epoch ms of a chunk that lives {@code ttlMillis} from now, saturating at never} */
    private long expiryAfterMillis(long ttlMillis) {
        long now = clock.millis();
        try {
            return Math.min(Math.addExact(now, ttlMillis), NEVER);
        } catch (ArithmeticException beyondLong) {
            return NEVER;
        }
    }

    /** Converts an expiry to epoch ms, checking that it lies in the future. */
    private long checkedExpiry(Instant expiresAt) {
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (expiresAt.equals(Instant.MAX)) {
            return NEVER;
        }
        long millis;
        try {
            millis = expiresAt.toEpochMilli();
        } catch (ArithmeticException tooFar) {
            if (expiresAt.isAfter(Instant.EPOCH)) {
                return NEVER;
            }
            throw new IllegalArgumentException("expiresAt is in the past: " + expiresAt);
        }
        if (millis <= clock.millis()) {
            throw new IllegalArgumentException("expiresAt " + expiresAt + " is not after now (" + clock.instant() + ")");
        }
        return millis;
    }
}
