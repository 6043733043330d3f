package speculo.core.write;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.FileAlreadyExistsException;
import speculo.api.AreaFullException;
import speculo.api.WriterOptions;
import speculo.core.area.AreaNames;
import speculo.core.area.ControlObject;
import speculo.core.area.DataObject;
import speculo.core.area.Failures;
import speculo.core.area.RecordCursor;
import speculo.core.events.Events;
import speculo.core.events.CollectionEvent;
import speculo.core.layout.DataDescriptor;
import speculo.core.layout.Layout;
import speculo.core.layout.RecordDescriptor;
import speculo.core.layout.Words;
import speculo.core.spi.MappedObject;
import speculo.core.spi.ObjectStore;

/**
 * The garbage collector (R10, R11): copies the live records of the current generation into a new
 * data object and switches readers to it with one release store.
 *
 * <ol>
 *   <li>{@link #measure measure} the live records: from where the {@link ExpiredPrefix} says the
 *       expired ones at the start end, read one by one, up to the writer's {@linkplain RecordLog
 *       plain stream}, whose live records are counted from the log without reading them; fail with
 *       {@link AreaFullException} if they and the chunk waiting to be written exceed the maximum
 *       capacity (nothing has changed yet);</li>
 *   <li>record the pending generation in the control object, so a crash leaves a name to clean up;</li>
 *   <li>take the object of {@code g+1} from the {@link StandbyGeneration} (a fresh or a recycled
 *       one) if one was {@linkplain #prepareNext prepared} with a fitting size, else recycle a kept
 *       one no reader is on ({@link RecycledObjects}), else create it, sized for the live data plus
 *       head-room; copy the live records in sequence order (those of the plain stream with one
 *       bulk copy, their index entries written from the log), write both indexes, publish its
 *       committed tail;</li>
 *   <li>{@link ControlObject#publishGeneration switch}: the release store of the current generation;</li>
 *   <li>{@link #retire}, when the caller says so: unlink the object of {@code g}, unless the caller
 *       keeps it in {@link RecycledObjects}; the caller has that and the unmapping done off its
 *       thread. Readers that still map it keep reading it safely; they move on at their next
 *       request.</li>
 * </ol>
 */
final class Collector {

    private static final System.Logger LOG = System.getLogger("speculo");
    /** Salted names tried for a generation before giving up; each is taken by chance with odds of 2^-48. */
    private static final int NAME_ATTEMPTS = 8;

    private final String area;
    private final ObjectStore store;
    private final ControlObject control;
    private final WriterOptions options;
    private final RecordCursor cursor = new RecordCursor();
    private final IdIndex index = new IdIndex();
    private final StandbyGeneration standby;
    private final RecycledObjects recycled;
    /** The id table's use, which sizes the next generation's (a mirror's). */
    private final IdTable idTable;
    /** How large each generation is made. */
    private final GenerationSizing sizing;
    /** How far memory is known to be behind the object the last collection filled. */
    private long lastBackedEnd;
    /**
     * Where the last collection's object came from, for its event: {@code recycled} (taken from the
     * kept objects, in the collection or ahead of it), {@code standby} (a new one prepared ahead) or
     * {@code new} (created in the collection).
     */
    private String lastSource = "new";

    Collector(String area, ObjectStore store, ControlObject control, WriterOptions options, RecycledObjects recycled,
              IdTable idTable) {
        this.area = area;
        this.store = store;
        this.control = control;
        this.options = options;
        this.sizing = new GenerationSizing(options);
        this.standby = new StandbyGeneration(area, store, options.permissions());
        this.recycled = recycled;
        this.idTable = idTable;
    }

    /**
     * Starts preparing the object of the generation after {@code current} on the backer's thread
     * ({@link StandbyGeneration}): sized like the last collection asked plus a quarter, for live
     * data that grows a little, with memory behind as much as that collection copied plus a
     * quarter. Records it as the pending generation first, so a crash leaves nothing recovery
     * does not remove.
     */
    void prepareNext(DataObject current, long tail) {
        if (standby.isPrepared()) {
            return;
        }
        long capacity = sizing.last() > 0 ? sizing.last() : current.recordsEnd() - current.recordsOffset();
        capacity = Math.min(options.maxCapacity(), Words.align(capacity + capacity / 4, Layout.PAGE));
        long entries = current.indexCount() + current.indexCount() / 4;
        long copied = current.copiedEnd() - current.recordsOffset();
        long generation = current.generation() + 1;
        control.setPendingGeneration(generation);
        long slots = idTable.slotsAfter(current, tail, capacity, copied + copied / 4);
        boolean sparse = !current.fullyBacked();
        RecycledObjects.Kept reused = recycled.take(sparse, entries, slots, copied + copied / 4, capacity,
                options.maxCapacity());
        if (reused != null) {
            control.setObjectName(generation, reused.slot(), reused.salt());
            standby.adopt(generation, reused.mapping(), reused.backedEnd());
            return;
        }
        long slot = freeSlot(current);
        long salt = AreaNames.newSalt();
        control.setObjectName(generation, slot, salt);
        long recordsOffset = DataDescriptor.recordsOffset(entries, slots);
        standby.prepare(generation, AreaNames.dataObject(area, slot, salt),
                recordsOffset + sizing.objectSpace(capacity, sparse), recordsOffset + copied + copied / 4);
    }

    /** Sizes the next collection's generation by its own live data alone ({@link GenerationSizing#forget}): there is no memory for more. */
    void forgetLastSize() {
        sizing.forget();
    }

    /** Says that the application asked for the next collection ({@link GenerationSizing#askedByApplication}). */
    void askedByApplication() {
        sizing.askedByApplication();
    }

    /** Discards a prepared generation, if any: the writer is closing on {@code current}, or short of memory. */
    void discardStandby(DataObject current) {
        if (standby.isPrepared()) {
            standby.discard();
            control.setPendingGeneration(current.generation());
        }
    }

    /** {@link #collect}'s {@code dropping} when no record is to be dropped. */
    static final long DROPPING_NONE = -1;

    /** The record the running collection drops as if removed ({@link #collect}), or {@link #DROPPING_NONE}. */
    private long dropping = DROPPING_NONE;

    /** {@return whether the cursor's record is live at {@code now} and not the one being dropped} */
    private boolean isLive(long now) {
        return cursor.isLive(now) && cursor.offset() != dropping;
    }

    /**
     * Runs a collection.
     *
     * @param from          the current generation, which the caller stops using and then {@link #retire retires}
     * @param tail          its committed tail
     * @param now           the writer's time, epoch ms: records expired by then are dropped
     * @param highestSeq    the highest sequence number assigned so far
     * @param notices       how many of those went to removal notices
     * @param extraNeeded   record space that must be free after the copy, for a waiting chunk
     * @param dropping      the offset of a live record to drop as if removed, or {@link #DROPPING_NONE}: the
     *                      chunk of a removal that found no room for its notice
     * @param books         what the writer knows of {@code from}'s records: its counts are reset,
     *                      its expiry queue cleared, its expired start and log restarted, and all
     *                      filled with the copied records
     * @return the new current generation
     * @throws AreaFullException if the live records and {@code extraNeeded} exceed the maximum capacity
     */
    DataObject collect(DataObject from, long tail, long now, long highestSeq, long notices, long extraNeeded,
                       long dropping, Bookkeeping books) {
        this.dropping = dropping;
        Accounting accounting = books.accounting;
        ExpiryTracker expiry = books.expiry;
        ExpiredPrefix expiredPrefix = books.expiredPrefix;
        RecordLog log = books.log;
        CollectionEvent event = Events.enabled() ? new CollectionEvent() : null;
        if (event != null) {
            event.begin();
        }
        boolean byApplication = sizing.takeAsked();
        long liveFrom = expiredPrefix.liveFrom(now);
        long[] kept = expiredPrefix.neverExpiringBefore(liveFrom);
        Live live = measure(from, kept, liveFrom, tail, now, log);
        long needed = live.bytes + extraNeeded;
        if (needed > options.maxCapacity()) {
            throw new AreaFullException(area, needed, options.maxCapacity());
        }
        long generation = from.generation() + 1;
        control.setPendingGeneration(generation);
        DataObject to;
        long capacity = sizing.next(needed, byApplication);
        long objectStart = System.nanoTime();
        try {
            to = create(from, generation, live.count, live.bytes, needed, capacity, highestSeq, notices,
                    idTable.slotsAfter(from, tail, capacity, live.bytes));
            capacity = to.recordsEnd() - to.recordsOffset();
        } catch (RuntimeException e) {
            control.setPendingGeneration(from.generation());
            throw e;
        }
        long objectNanos = System.nanoTime() - objectStart;
        copyLive(from, new Candidates(cursor, from, kept, liveFrom, tail, live.walkEnd), now, tail, live, to, accounting,
                expiry, expiredPrefix, log);
        control.publishGeneration(generation);
        long oldCapacity = from.recordsEnd() - from.recordsOffset();
        if (capacity > oldCapacity) {
            LOG.log(System.Logger.Level.DEBUG, "area ''{0}'' grew from {1} to {2} bytes at generation {3}", area,
                    String.valueOf(oldCapacity), String.valueOf(capacity), String.valueOf(generation));
        }
        if (event != null && event.shouldCommit()) {
            event.area = area;
            event.generation = generation;
            event.liveChunks = live.count;
            event.bytesCopied = live.bytes;
            event.expiredBytesSkipped = liveFrom - from.recordsOffset(); // less the few kept records it read
            event.bytesCopiedUnread = live.plainStart < 0 ? 0 : tail - live.plainStart;
            event.capacity = capacity;
            event.objectSource = lastSource;
            event.objectNanos = objectNanos;
            event.commit();
        }
        return to;
    }

    /**
     * The live records a collection copies.
     *
     * @param count      how many
     * @param bytes      their record bytes
     * @param walkEnd    where the records read one by one end: the plain part, or the tail
     * @param plainEntry the log entry of the plain part's first live record: it and every record
     *                   after it are copied unread; -1 if none
     * @param plainStart that record's offset, or -1
     */
    private record Live(long count, long bytes, long walkEnd, long plainEntry, long plainStart) {
    }

    /**
     * Counts the records live at {@code now}: one by one up to the plain part, where the writer's
     * plain stream is past the expired start and held by its log, then from the log, whose
     * expiries never decrease there: the first live record found by binary search, and all after
     * it.
     */
    private Live measure(DataObject from, long[] kept, long liveFrom, long tail, long now, RecordLog log) {
        RecordLog.Entries logged = log.entries();
        long partEntry = log.plainPart(liveFrom, tail);
        long walkEnd = partEntry >= 0 ? logged.offset(partEntry) : tail;
        Candidates records = new Candidates(cursor, from, kept, liveFrom, tail, walkEnd);
        long count = 0;
        long bytes = 0;
        while (records.next()) {
            if (isLive(now)) {
                count++;
                bytes += cursor.recordLength();
            }
        }
        long entry = partEntry >= 0 ? logged.firstLive(partEntry, now) : logged.count();
        if (entry == logged.count()) {
            return new Live(count, bytes, walkEnd, -1, -1);
        }
        long plainStart = logged.offset(entry);
        return new Live(count + logged.count() - entry, bytes + tail - plainStart, walkEnd, entry, plainStart);
    }

    /**
     * Finds the object of the new generation: the standby, if its size fits; else a recycled one
     * no reader is on; else a new one. Records which it is in the control object first.
     */
    private DataObject create(DataObject from, long generation, long indexCount, long copiedBytes, long needed,
                              long capacity, long highestSeq, long notices, long slots) {
        boolean sparse = !from.fullyBacked();
        long recordsOffset = DataDescriptor.recordsOffset(indexCount, slots);
        // Memory behind what is copied now; the writer reserves the rest as it appends, so a
        // collection's pause does not grow with the head-room it leaves.
        long backed = recordsOffset + copiedBytes;
        MappedObject prepared = standby.take(generation);
        long preparedBacked = standby.backedEnd();
        if (prepared != null && !RecycledObjects.fits(prepared.size(), preparedBacked, sparse, indexCount, slots, needed,
                capacity, options.maxCapacity())) {
            // Live data grew past its head-room, or shrank to less than half: the size it asks for is another.
            standby.drop(prepared);
            prepared = null;
        }
        lastSource = standby.tookAdopted() ? "recycled" : "standby";
        if (prepared == null) {
            lastSource = "recycled";
            RecycledObjects.Kept reused = recycled.take(sparse, indexCount, slots, needed, capacity,
                    options.maxCapacity());
            if (reused != null) {
                control.setObjectName(generation, reused.slot(), reused.salt());
                prepared = reused.mapping();
                preparedBacked = reused.backedEnd();
            }
        }
        if (prepared == null) {
            lastSource = "new";
            MappedObject created = createNamed(from, generation, recordsOffset + sizing.objectSpace(capacity, sparse),
                    backed);
            return DataObject.create(area, created, generation, indexCount, copiedBytes, highestSeq, notices, slots,
                    recordsEnd(created, sparse, recordsOffset + capacity, backed));
        }
        try {
            if (backed > preparedBacked) {
                prepared.reserve(preparedBacked, backed - preparedBacked);
            }
        } catch (IOException e) {
            standby.drop(prepared);
            throw Failures.of(area, prepared.name(), "reserve memory for", e);
        }
        lastBackedEnd = Math.max(backed, preparedBacked);
        return DataObject.create(area, prepared, generation, indexCount, copiedBytes, highestSeq, notices, slots,
                recordsEnd(prepared, sparse, recordsOffset + capacity, lastBackedEnd));
    }

    /**
     * {@return where a generation's records end in {@code object}} An object filled to its end (not
     * {@code sparse}) at its end. A sparse one at the capacity's end, or as far as memory is behind
     * it already if that is further (at most twice the capacity in a reused object: {@link
     * RecycledObjects#fits}): pages an earlier, larger generation paid for serve this one too, and
     * a stream whose live data varies a little from one collection to the next fills pages it has,
     * instead of backing more of the object at every larger collection.
     */
    private static long recordsEnd(MappedObject object, boolean sparse, long capacityEnd, long backedEnd) {
        if (!sparse) {
            return object.size();
        }
        long end = Math.min(object.size(), Math.max(capacityEnd, backedEnd));
        return end - end % Layout.WORD;
    }

    /** {@return the slot for a new object beside the current generation's and the kept ones} */
    private long freeSlot(DataObject current) {
        return recycled.lowestFreeSlot(AreaNames.slotOf(area, current.objectName()));
    }

    /** {@return how far memory is known to be behind the object the last collection filled} */
    long lastBackedEnd() {
        return lastBackedEnd;
    }

    /**
     * Creates a generation's object under a new salted name in the lowest free slot, recorded in
     * the control object first. The name is one nobody knew before; if it exists all the same (by chance, or another user
     * creating names at random), another salt is drawn. A leftover of an earlier failed attempt
     * has another salt and stays until a takeover or removal lists it.
     */
    private MappedObject createNamed(DataObject from, long generation, long size, long backed) {
        long slot = freeSlot(from);
        for (int attempt = 1; ; attempt++) {
            long salt = AreaNames.newSalt();
            control.setObjectName(generation, slot, salt);
            String name = AreaNames.dataObject(area, slot, salt);
            try {
                lastBackedEnd = backed;
                return store.create(name, size, backed, options.permissions());
            } catch (FileAlreadyExistsException taken) {
                if (attempt == NAME_ATTEMPTS) {
                    throw Failures.of(area, name, "create (" + NAME_ATTEMPTS + " random names were all taken)", taken);
                }
            } catch (IOException e) {
                throw Failures.of(area, name, "create", e);
            }
        }
    }

    /**
     * Copies the live records in sequence order and writes both indexes. Live records mostly lie
     * next to each other (what expires is the older part of the area), so each run of adjacent live
     * records is copied with one bulk copy; their successor words are already {@code CURRENT}. The
     * plain part, from {@code live.plainStart} to the tail, is one such run, and its index entries
     * come from the log, not from the records.
     */
    private void copyLive(DataObject from, Candidates records, long now, long tail, Live live, DataObject to,
                          Accounting accounting, ExpiryTracker expiry, ExpiredPrefix expiredPrefix, RecordLog log) {
        int count = Math.toIntExact(live.count);
        index.restart(count);
        accounting.reset();
        expiry.clear();
        expiredPrefix.restart(to);
        RecordLog.Entries logged = log.restart(to.recordsOffset());
        MemorySegment target = to.segment();
        long out = to.recordsOffset();
        long runStart = -1;
        long runEnd = -1;
        long runTarget = out;
        int i = 0;
        while (i < count && records.next()) {
            if (!isLive(now)) {
                continue;
            }
            if (cursor.successor() != RecordDescriptor.CURRENT) {
                // Live yet linked: a link past the tail, which only a dead writer leaves and the
                // takeover resets before this writer runs. Copied as is, it would name other bytes.
                throw from.corrupt(cursor.offset() + RecordDescriptor.SUCCESSOR_OFFSET, "record of chunk " + cursor.id()
                        + " still links past the tail to " + cursor.successor() + " in its own writer's generation");
            }
            if (cursor.offset() != runEnd) {
                copyRun(from, runStart, runEnd, target, runTarget);
                runStart = cursor.offset();
                runTarget = out;
            }
            long length = cursor.recordLength();
            runEnd = cursor.offset() + length;
            copied(target, i, out, length, cursor.sequence(), cursor.id(), cursor.expiresAt(), index, accounting,
                    expiry, expiredPrefix, log);
            out += length;
            i++;
        }
        if (live.plainEntry >= 0) {
            if (i + logged.count() - live.plainEntry != count) {
                throw from.corrupt(from.recordsOffset(), "records changed under the collector");
            }
            if (live.plainStart != runEnd) {
                copyRun(from, runStart, runEnd, target, runTarget);
                runStart = live.plainStart;
                runTarget = out;
            }
            runEnd = tail;
            // The plain stream: consecutive sequences up to the last one's, ids equal to them.
            long shift = out - live.plainStart;
            long last = logged.count() - 1;
            for (long k = live.plainEntry; k <= last; k++) {
                long offset = logged.offset(k);
                long length = (k < last ? logged.offset(k + 1) : tail) - offset;
                long sequence = logged.lastSequence() - (last - k);
                copied(target, i, offset + shift, length, sequence, sequence, logged.expiry(k), index, accounting,
                        expiry, expiredPrefix, log);
                i++;
            }
            out += tail - live.plainStart;
        }
        copyRun(from, runStart, runEnd, target, runTarget);
        if (i != count || out != to.copiedEnd()) {
            throw from.corrupt(from.recordsOffset(), "records changed under the collector");
        }
        index.writeTo(target);
        to.publishTail(out);
    }

    /** Enters the record copied to {@code at} as the {@code i}-th in sequence order: both indexes, the writer's counts and logs. */
    private static void copied(MemorySegment target, int i, long at, long length, long sequence, long id, long expiresAt,
                               IdIndex index, Accounting accounting, ExpiryTracker expiry, ExpiredPrefix expiredPrefix,
                               RecordLog log) {
        Words.set(target, DataDescriptor.sequenceEntryOffset(i), at);
        index.add(id, at);
        accounting.added(length);
        expiredPrefix.added(at, expiresAt);
        if (expiresAt != RecordDescriptor.NEVER) {
            expiry.track(expiresAt, at);
        }
        log.committed(at, at + length, sequence, id, expiresAt);
    }

    /** Copies the records {@code [start, end)} of {@code from} to {@code at} of {@code target}; nothing if {@code start < 0}. */
    private static void copyRun(DataObject from, long start, long end, MemorySegment target, long at) {
        if (start >= 0) {
            MemorySegment.copy(from.segment(), start, target, at, end - start);
        }
    }

    /** Unlinks a generation the caller no longer uses; the caller unmaps it. */
    void retire(DataObject old) {
        try {
            store.unlink(old.objectName());
        } catch (IOException e) {
            // The switch is done; a leftover object is removed by the next writer's recovery.
            LOG.log(System.Logger.Level.WARNING,
                    "area ''{0}'': could not unlink old generation ''{1}'': {2}", area, old.objectName(), e.toString());
        }
    }
}
