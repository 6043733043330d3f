package speculo.core.write;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import speculo.api.AreaIOException;
import speculo.core.area.DataObject;
import speculo.core.layout.Layout;

/**
 * Puts memory behind the writer's current generation ahead of its tail. Objects are created with
 * memory only behind what they hold: a fresh page costs microseconds (~2.3 µs per 4 KiB on the
 * benchmark VM), far too much to pay for a whole generation during a collection's pause, and a
 * full system must fail with an exception at the point of need, not with a SIGBUS. So memory is
 * put behind the area a step at a time ({@link #reserveAhead}), behind the room of the next record
 * once the last one is published ({@link #backForNextRecord}), and, where writers use it, by the
 * {@link BackingAhead helper} further ahead. Recycled objects have memory behind what they held
 * before ({@link #collected}).
 *
 * <p>The writer's thread only.
 */
final class PagePreparation {

    /**
     * How far ahead of the tail the writer puts memory behind the area at a time, when it must do so
     * itself; a chunk larger than this backs just itself. Each step stalls one append for its fresh
     * pages, so the step sets the tail of the append latency: 256 KiB stalled one 1 KiB chunk in 256
     * for ~150 µs (p99 155 µs); 64 KiB stalls one in 64 for ~40 µs (p99 45 µs) at a cost of 3-5 % of
     * 1 KiB throughput (one more {@code madvise} per 64 KiB). Smaller steps cost more calls than
     * they save (16 KiB: 13-15 %).
     */
    static final long RESERVE_STEP = 64 * 1024;
    /** How far ahead of the tail the {@link BackingAhead helper} is asked to keep memory behind the area. */
    static final long BACK_AHEAD = 4L << 20;
    /** How often, in bytes appended, the writer renews that request. */
    static final long BACK_AHEAD_RECHECK = 1L << 20;

    private final BackingAhead backingAhead = new BackingAhead();
    /** Looked at once per backing step, not per chunk: a clock read costs ~20 ns. */
    private final CollectionSchedule schedule;
    /** Frees the memory the writer holds aside (standby, kept objects, queued retirements) when there is none left. */
    private final Runnable giveBackMemoryHeldAside;
    /**
     * Memory is known to be behind the current generation up to here, or a little less: the writer
     * comes back to {@link #reserveAhead} at least every {@link #BACK_AHEAD_RECHECK} bytes, and
     * every {@link #RESERVE_STEP} while a collection may fall due by time.
     */
    private long reservedEnd;
    /**
     * How far memory was behind the current generation's object when it started: a recycled object
     * may have memory past this generation's records, put there for a larger one.
     */
    private long backedAtStart;
    /** The length of the last record published, header and padding included: what {@link #backForNextRecord} backs ahead. */
    private long lastRecordLength;
    /** Up to here the room after the tail was {@linkplain #warm warmed}, or is on fresh pages. */
    private long warmedEnd;
    /** Keeps the warming loads from being optimized away. */
    private long warmSink;

    PagePreparation(long tail, CollectionSchedule schedule, Runnable giveBackMemoryHeldAside) {
        this.reservedEnd = tail;
        this.schedule = schedule;
        this.giveBackMemoryHeldAside = giveBackMemoryHeldAside;
    }

    /** {@return whether memory is known to be behind the current generation up to {@code end}} */
    boolean covers(long end) {
        return end <= reservedEnd;
    }

    /**
     * Puts memory behind {@code current} up to at least {@code end}, and asks the helper to keep
     * {@link #BACK_AHEAD} beyond it backed. What the helper has not reached yet is backed here, a
     * step at a time, never waiting for it; a full system fails here, before anything is written.
     * Each time, first lets the {@link CollectionSchedule} look at the clock; while the next
     * generation may fall due by time, the writer comes back every step for that.
     *
     * @param tail the writer's tail
     * @throws AreaIOException if there is no memory left, even after giving back what is held aside
     */
    void reserveAhead(DataObject current, long tail, long end) {
        schedule.lookAtClock(tail);
        boolean timeDue = schedule.mayFallDueByTime();
        if (current.fullyBacked()) {
            reservedEnd = current.recordsEnd();
            return;
        }
        long known = Math.max(reservedEnd, backingAhead.backedEnd(current));
        if (known < end) {
            long upTo = Math.min(current.recordsEnd(), Math.max(end, known + RESERVE_STEP));
            try {
                current.reserve(known, upTo - known);
            } catch (AreaIOException noRoom) {
                giveBackMemoryHeldAside.run();
                current.reserve(known, upTo - known);
            }
            known = upTo;
        }
        if (askBackingAhead(current, known, end)) {
            // Come back to renew the request; and, while the next generation may fall due by time,
            // every step to look at the clock, even where the helper is far ahead.
            known = Math.min(known, end + (timeDue ? RESERVE_STEP : BACK_AHEAD_RECHECK));
        }
        reservedEnd = known;
    }

    /** Notes the length of the record just published, header and padding included. */
    void published(long recordLength) {
        lastRecordLength = recordLength;
    }

    /**
     * Puts memory behind the room of a next record as long as the last one, now that the last one
     * is published, so that its fresh pages are paid for after a chunk's way to the readers, not on
     * it. A writer that pauses between chunks (paced, or waiting for its next event) then pays
     * them in the pause: a 64 KiB chunk's ~40 µs of fresh pages on the benchmark VM no longer delay
     * the chunk that needs them. A flat-out writer does the same work, only earlier. Never more than
     * {@link #BACK_AHEAD} ahead, as far as the helper would go: memory is not held long before use.
     * If there is no room, nothing is said here: the writer tries again before the next record is
     * written and fails there, before anything is written.
     *
     */
    void backForNextRecord(DataObject current, long tail) {
        long end = Math.min(current.recordsEnd(), tail + Math.min(lastRecordLength, BACK_AHEAD));
        if (end <= reservedEnd) {
            warm(current, tail, end);
            return;
        }
        try {
            reserveAhead(current, tail, end);
        } catch (AreaIOException noRoomYet) {
            // the writer meets it again before the next record and reports it to that call
        }
    }

    /** Set to {@code false} to copy chunks into recycled pages cold (for comparison). */
    static final boolean WARMS = !"false".equals(System.getProperty("speculo.writer.warm"));
    /**
     * Records shorter than this are not warmed: their few lines come with the hardware's sequential
     * prefetch, and a 64 B stream measured 1.2 instead of 1.9 M chunks/s when they were.
     */
    private static final long WARM_FROM = 4096;

    /**
     * Brings the room of the next record into this processor's cache where its pages exist already
     * (a recycled object): one load per cache line of {@code [tail, end)} not warmed yet. A fresh
     * page arrives zeroed by the kernel, so cache-hot; a recycled one holds what it held
     * generations ago, long evicted, and the copy of the next chunk would miss on every line on its
     * way to the readers. Measured paced, 64 KiB chunks: p50 7.8-8.1 µs warmed, 10.8-15.4 µs cold
     * (7.2-11 µs on fresh pages); flat out, 64 KiB 17.9 instead of 15.5 thousand/s, 1 MiB 2.53
     * instead of 2.70 thousand/s.
     */
    private void warm(DataObject current, long tail, long end) {
        long from = Math.max(tail, warmedEnd);
        if (from >= end || !WARMS || lastRecordLength < WARM_FROM) {
            return;
        }
        MemorySegment segment = current.segment();
        long sum = 0;
        for (long at = from & -Layout.CACHE_LINE; at + Long.BYTES <= end; at += Layout.CACHE_LINE) {
            sum += segment.get(ValueLayout.JAVA_LONG, at);
        }
        warmSink += sum;
        warmedEnd = end;
    }

    /** {@return how far memory is known to be behind {@code retired}, the generation a collection just left} */
    long backedEnd(DataObject retired) {
        return retired.fullyBacked() ? retired.size()
                : Math.max(Math.max(reservedEnd, backingAhead.backedEnd(retired)), backedAtStart);
    }

    /**
     * Starts on the generation a collection just filled: memory is behind it up to {@code backedEnd}
     * (what the collection copied, or more in a recycled object). The helper is asked from the
     * copied end: the waiting chunk's room is not backed yet, and the helper's progress counts as
     * memory from the object's start (a helper asked from past that room once left it unbacked, and
     * a full /dev/shm killed the writer with SIGBUS there). Asked before the old generation's
     * retirement is queued.
     */
    void collected(DataObject current, long tail, long backedEnd, long extraNeeded) {
        backedAtStart = backedEnd;
        reservedEnd = Math.min(current.recordsEnd(), Math.max(tail, backedEnd));
        warmedEnd = tail;
        askBackingAhead(current, tail, tail + extraNeeded);
    }

    /**
     * Has retired objects unlinked by {@code unlink} and unmapped off this thread, once the helper
     * is done with them; {@code kept}, if not among them, stays mapped for reuse, and the helper is
     * no longer asked to back it.
     *
     * @return when the last of them is done, or {@code previous} if there are none
     */
    Future<?> retire(List<DataObject> objects, DataObject kept, Consumer<DataObject> unlink, Future<?> previous) {
        if (kept != null && !objects.contains(kept)) {
            backingAhead.forget(kept);
        }
        Future<?> last = previous;
        for (DataObject object : objects) {
            last = backingAhead.retireWhenUnused(object, () -> unlink.accept(object));
        }
        return last;
    }

    /** Stops the helper for good and waits until it is not working on {@code last}; the writer is closing. */
    void stop(DataObject last) {
        backingAhead.stop(last);
    }

    /**
     * Asks the helper, if writers use it here, to back {@code current} from {@code known}
     * (everything before it has memory behind it) to {@link #BACK_AHEAD} past {@code end};
     * {@return whether it was asked}
     */
    private boolean askBackingAhead(DataObject current, long known, long end) {
        if (!BackingAhead.ENABLED || current.fullyBacked()) {
            return false;
        }
        backingAhead.request(current, known, Math.min(current.recordsEnd(), end + BACK_AHEAD));
        return true;
    }
}
