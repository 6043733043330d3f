package speculo.core.write;

import static speculo.core.layout.RecordDescriptor.NEVER;
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
import speculo.api.WriterCounters;
import speculo.api.WriterOptions;
import speculo.api.internal.BuiltInGcPolicy;
import speculo.api.internal.HandleParts;
import speculo.core.area.ControlObject;
import speculo.core.area.DataObject;
import speculo.core.area.RecordCursor;
import speculo.core.events.Events;
import speculo.core.layout.ControlDescriptor;
import speculo.core.layout.Layout;
import speculo.core.layout.Words;
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
 *
 * <p>Three parts have owners of their own: {@link PagePreparation} puts memory behind the area
 * ahead of the tail, {@link CollectionSchedule} says when to prepare the next generation and
 * remembers the collections, and {@link Bookkeeping} knows the records' counts, expiries and plain
 * stream; the {@link Collector} collects, keeping retired objects for reuse in {@link RecycledObjects}.
 */
public final class AreaWriter implements Writer {

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
    /** Whether the area is a mirror: its chunks are copies of a source's, with their ids ({@link #mirror}). */
    private final boolean mirror;
    private final Bookkeeping books;
    private final CollectionSchedule schedule;
    private final PagePreparation pages;

    private DataObject current;
    private long tail;
    private long nextSequence;
    /**
     * The sequence number this writer's first chunk gets: every publication takes the next one, so
     * the chunks it published are {@code nextSequence - firstSequence}, for {@link #counters()}.
     */
    private final long firstSequence;
    /** The data bytes of the chunks this writer published, for {@link #counters()}. */
    private long bytesWritten;
    /** The removal notices this writer published: sequence numbers that are not chunks, for {@link #counters()}. */
    private long removals;
    /**
     * The sequence numbers before {@code nextSequence} that went to removal notices, by any writer
     * of the area: a new generation's header carries it, so that readers can tell the notices a
     * collection dropped from the chunks.
     */
    private long notices;
    /** How full the current generation's id table is (a mirror's): it collects at three quarters. */
    private final IdTable idTable;
    /**
     * At least the highest id the area holds (a mirror's), so that a copy of a source chunk newer
     * than all of them, a stream's every chunk, needs no look-up of a live copy; -1 until the first
     * copy asks.
     */
    private long highestId = -1;
    /** The open claim; null while none is. */
    private WriterClaim claim;
    private boolean closed;
    /** The unlinking and unmapping of the last retired generation, off this thread; {@link #close} waits for it. */
    private Future<?> retirement;


    AreaWriter(String area, ObjectStore store, ControlObject control, WriterOptions options, DataObject current,
               long tail, long nextSequence, long notices, long idTableTaken, Accounting accounting, ExpiryTracker expiry,
               ExpiredPrefix expiredPrefix) {
        this.area = area;
        this.control = control;
        this.options = options;
        this.clock = options.clock();
        this.policy = options.gcPolicy();
        this.mirror = control.isMirror();
        this.recycled = new RecycledObjects(area, store, control.readersAnnounce() ? options.recycledObjects() : 0);
        this.idTable = new IdTable(mirror, idTableTaken);
        this.collector = new Collector(area, store, control, options, recycled, idTable);
        this.areaTag = control.areaTag();
        this.current = current;
        this.tail = tail;
        this.nextSequence = nextSequence;
        this.firstSequence = nextSequence;
        this.notices = notices;
        this.books = new Bookkeeping(options, tail, accounting, expiry, expiredPrefix);
        this.schedule = new CollectionSchedule(clock, current);
        this.pages = new PagePreparation(tail, schedule, this::giveBackMemoryHeldAside);
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

    @Override
    public long lastSequence() {
        return nextSequence - 1;
    }

    @Override
    public WriterCounters counters() {
        return new WriterCounters(nextSequence - firstSequence - removals, bytesWritten, removals, schedule.count(),
                nextSequence - 1, current.generation());
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
        requireChunksOfItsOwn();
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
        return claimNew(size, NEVER, ttlMillis(ttl));
    }

    /**
     * Reserves the record of a claim and writes its header; the bytes of an aborted claim past the
     * tail are simply overwritten later. {@return the new claim}
     */
    private Claim claimNew(long size, long expiryGiven, long ttlMillis) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        requireWritable();
        requireChunksOfItsOwn();
        long offset = reserve(size);
        long expiry = expiryAfterReserve(expiryGiven, ttlMillis);
        long sequence = nextSequence;
        current.writeHeader(offset, size, sequence, sequence, expiry);
        claim = new WriterClaim(this, current.segment(), offset, size, sequence, expiry);
        return claim;
    }

    /** Publishes the open claim, which {@link WriterClaim#commit()} ended; {@return the new chunk's handle} */
    ChunkHandle commitClaim(WriterClaim ended) {
        claim = null;
        commitRecord(ended.offset, ended.length, ended.sequence, ended.sequence, ended.expiresAt);
        ChunkHandle handle = handle(ended.offset, ended.sequence);
        afterChange();
        return handle;
    }

    /** Forgets the open claim, which ended unpublished. */
    void claimEnded(WriterClaim ended) {
        if (claim == ended) {
            claim = null;
        }
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
        boolean bySourceId = control.bySourceId(handle);
        long offset = reserve(data.byteSize());
        long old = resolveLive(handle, bySourceId);
        if (old == DataObject.NOT_FOUND) {
            throw new ChunkNotFoundException(area, handle);
        }
        long oldLength = recordLength(current.checkedLength(old, tail));
        appendCopy(offset, data, handle.id(), expiryAfterReserve(expiryGiven, ttlMillis), old);
        ChunkHandle newer = handle(offset, handle.id());
        books.retired(old, oldLength);
        afterChange();
        return newer;
    }

    @Override
    public boolean remove(ChunkHandle handle) {
        Objects.requireNonNull(handle, "handle");
        requireWritable();
        long offset = resolveLive(handle, control.bySourceId(handle));
        if (offset == DataObject.NOT_FOUND) {
            return false;
        }
        long length = recordLength(current.checkedLength(offset, tail));
        books.log.retired(offset + length); // before a collection for room, which must not bulk-copy it
        DataObject before = current;
        long notice = reserveRoom(recordLength(0), 0, offset);
        // A collection that made room dropped the chunk: the notice follows it in the new generation.
        boolean collected = current != before;
        long sequence = nextSequence;
        long removedAt = clock.millis();
        current.writeRemovalNotice(notice, sequence, handle.id(), removedAt);
        if (!collected) {
            // A removal replaces the newest copy by a removal notice: linked first, committed
            // second, like a replacement, so it takes effect at the commit and a writer killed in
            // between leaves the chunk current (see appendCopy).
            current.setSuccessor(offset, notice);
        }
        long end = publishRecord(notice, 0, sequence);
        books.noticeCommitted(notice, end, sequence, handle.id(), removedAt);
        if (!collected) {
            books.retired(offset, length);
        }
        removals++;
        notices++;
        afterChange();
        return true;
    }

    @Override
    public ChunkHandle mirror(ChunkHandle sourceChunk, MemorySegment data, Instant expiresAt) {
        Objects.requireNonNull(sourceChunk, "sourceChunk");
        Objects.requireNonNull(data, "data");
        long expiry = checkedExpiry(expiresAt);
        requireWritable();
        if (!mirror) {
            throw new IllegalStateException("area '" + area + "' is no mirror: only an area created with"
                    + " WriterOptions.asMirror() holds copies of another area's chunks");
        }
        int sourceTag = HandleParts.access().areaTag(sourceChunk);
        if (sourceTag == areaTag) {
            throw new IllegalArgumentException("handle " + sourceChunk + " is one of area '" + area
                    + "' itself, not of the area it mirrors");
        }
        long id = sourceChunk.id();
        if (id <= highestId() && resolveLive(sourceChunk, true) != DataObject.NOT_FOUND) {
            throw new IllegalArgumentException("mirror '" + area + "' holds a live copy of chunk " + id
                    + " already: replace it");
        }
        if (idTable.full(current)) {
            collectNow(recordLength(data.byteSize()));
        }
        long offset = reserve(data.byteSize());
        if (control.mirroredSource() != (ControlDescriptor.MIRRORED_SOURCE_KNOWN | (sourceTag & 0xFFFF_FFFFL))) {
            control.setMirroredSource(sourceTag); // before the commit: a reader that sees the copy resolves the source's handle
        }
        // Before the commit too, so that a reader that sees the record finds it by id.
        if (current.putIdTable(id, offset)) {
            idTable.took();
        }
        appendCopy(offset, data, id, expiry, NO_OLDER_COPY);
        highestId = Math.max(highestId, id);
        ChunkHandle handle = handle(offset, id);
        afterChange();
        return handle;
    }

    /**
     * {@return {@link #highestId}, found the first time by a walk over the current generation's
     * records} Every chunk the area holds has a record there, copied by a collection or appended since.
     */
    private long highestId() {
        if (highestId < 0) {
            RecordCursor cursor = new RecordCursor();
            cursor.reset(current, current.recordsOffset(), 0);
            cursor.limit(tail);
            long highest = 0;
            while (cursor.next()) {
                highest = Math.max(highest, cursor.id());
            }
            highestId = highest;
        }
        return highestId;
    }

    @Override
    public void collect() {
        requireWritable();
        collector.askedByApplication();
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
        return reserveRoom(recordLength(length), noticeRoom(), Collector.DROPPING_NONE);
    }

    /**
     * {@return the record space a chunk must leave free at the end of the current generation, for
     * removal notices} 1/256 of the record space: so that removing chunks from a full area, which
     * is how room is made, does not need a collection before it has made any (a collection on a full
     * file system cannot create the new generation), until that many removals.
     */
    private long noticeRoom() {
        return Words.align((current.recordsEnd() - current.recordsOffset()) >>> 8, Layout.WORD);
    }

    /**
     * Finds room for a record of {@code needed} bytes at the tail, and {@code keep} more, collecting if
     * it does not fit, with memory behind it.
     *
     * @param dropping a live record the collection, if it runs, drops as if removed; or {@link Collector#DROPPING_NONE}
     * @return the offset of the new record: the tail
     */
    private long reserveRoom(long needed, long keep, long dropping) {
        if (needed + keep > current.recordsEnd() - tail) {
            collectNow(needed, dropping);
        }
        if (!pages.covers(tail + needed)) {
            pages.reserveAhead(current, tail, tail + needed);
        }
        if (schedule.prepareNow(tail)) {
            collector.prepareNext(current, tail);
        }
        return tail;
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

    /** Publishes the chunk's record at the tail and notes it. */
    private void commitRecord(long offset, long length, long sequence, long id, long expiresAt) {
        long end = publishRecord(offset, length, sequence);
        bytesWritten += length;
        books.committed(offset, end, sequence, id, expiresAt);
    }

    /** Publishes the record at the tail (R7): the release store of the committed tail. {@return the record's end} */
    private long publishRecord(long offset, long length, long sequence) {
        long end = offset + recordLength(length);
        current.publishTail(end);
        tail = end;
        nextSequence = sequence + 1;
        pages.published(end - offset);
        return end;
    }

    /** {@return the handle of chunk {@code id}'s record at {@code offset} of the current generation} */
    private ChunkHandle handle(long offset, long id) {
        return HandleParts.access().of(areaTag, current.generation(), offset, id);
    }

    /**
     * Asks the policy whether to collect now (R10; a chunk that does not fit collects anyway, in
     * {@link #reserve}), then {@linkplain PagePreparation#backForNextRecord backs the room of the
     * next record}.
     */
    private void afterChange() {
        if (!books.countsOnDemand() && policySaysCollect()) {
            collectNow(0);
        }
        pages.backForNextRecord(current, tail);
    }

    /**
     * {@return whether the GC policy says to collect now} A built-in policy is asked with the
     * counts it looks at, which allocates nothing; a policy of the application's gets statistics.
     */
    private boolean policySaysCollect() {
        if (policy instanceof BuiltInGcPolicy builtIn && builtIn.decidesOnCounts()) {
            long now = clock.millis();
            books.count(current, tail, now);
            return builtIn.shouldCollect(tail - current.recordsOffset(), books.accounting.deadBytes,
                    schedule.lastAtMillis(), now);
        }
        return policy.shouldCollect(stats());
    }

    private void collectNow(long extraNeeded) {
        collectNow(extraNeeded, Collector.DROPPING_NONE);
    }

    private void collectNow(long extraNeeded, long dropping) {
        long started = System.nanoTime();
        DataObject old = current;
        long oldBackedEnd = pages.backedEnd(old);
        try {
            current = collector.collect(current, tail, clock.millis(), nextSequence - 1, notices, extraNeeded, dropping, books);
        } catch (AreaIOException noRoom) { // a failed collection leaves the area as it was
            giveBackMemoryHeldAside();
            current = collector.collect(current, tail, clock.millis(), nextSequence - 1, notices, extraNeeded, dropping, books);
        }
        tail = current.copiedEnd();
        idTable.restart();
        pages.collected(current, tail, collector.lastBackedEnd(), extraNeeded);
        retire(recycled.keep(old, oldBackedEnd), old);
        schedule.collected(current, started);
    }

    /** Has retired objects unlinked and unmapped off this thread; {@code kept}, if not among them, stays for reuse. */
    private void retire(List<DataObject> objects, DataObject kept) {
        retirement = pages.retire(objects, kept, collector::retire, retirement);
    }

    /**
     * Gives the system back the memory this writer holds apart from the area's data, when there is
     * none left for the area: the prepared next generation, the objects kept for reuse, and old
     * generations (or a standby a failed collection dropped) whose unlinking and unmapping are
     * still queued off this thread; and the size a collection keeps while the live data shrinks
     * ({@link Collector#forgetLastSize}). On a tight {@code /dev/shm} those can be what fills it;
     * the caller then tries once more.
     */
    private void giveBackMemoryHeldAside() {
        collector.discardStandby(current);
        collector.forgetLastSize();
        retire(recycled.drain(), null);
        Unmapper.drain();
    }

    /**
     * {@return the newest copy of the handle's chunk if it is live now, else {@link DataObject#NOT_FOUND}}
     *
     * @param bySourceId whether the handle is one of a mirror's source, naming its chunk by id alone
     */
    private long resolveLive(ChunkHandle handle, boolean bySourceId) {
        long offset = current.resolve(handle, bySourceId);
        if (offset == DataObject.NOT_FOUND || offset == DataObject.REMOVED_CHUNK || current.expiresAt(offset) <= clock.millis()) {
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
        books.count(current, tail, now);
        Accounting counts = books.accounting;
        return new AreaStats(current.recordsEnd() - current.recordsOffset(), options.maxCapacity(),
                tail - current.recordsOffset(), counts.liveBytes, counts.deadBytes, counts.liveChunks,
                counts.deadChunks, current.generation(), schedule.count(), schedule.lastDuration(), schedule.lastAt(),
                Instant.ofEpochMilli(now));
    }

    // ----------------------------------------------------------------------------------------
    // Closing

    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (claim != null) {
            claim.end(WriterClaim.State.WRITER_CLOSED); // an open claim is aborted
        }
        closed = true;
        retire(recycled.drain(), null);
        Unmapper.await(retirement); // so that a closed area holds its control object and current generation only
        collector.discardStandby(current);
        control.setState(ControlDescriptor.STATE_CLOSED);
        control.release();
        pages.stop(current);
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

    /** A mirror holds copies of its source's chunks only: a chunk of its own would take an id that is the source's. */
    private void requireChunksOfItsOwn() {
        if (mirror) {
            throw new IllegalStateException("area '" + area + "' is a mirror: it holds copies of its source's chunks"
                    + " only (Writer.mirror), whose ids a chunk of its own could take");
        }
    }

    private void requireWritable() {
        requireOpen();
        if (claim != null) {
            throw new IllegalStateException("area '" + area + "' has an open claim of " + claim.length
                    + " bytes: commit or abort it first");
        }
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
