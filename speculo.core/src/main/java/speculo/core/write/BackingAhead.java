package speculo.core.write;

import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import speculo.core.area.DataObject;

/**
 * Puts memory behind a writer's current generation ahead of its tail, on the {@link Backer}'s
 * thread, so that the writer's stores land on pages that exist already.
 *
 * <p>Why: a generation is a new object, so every byte a writer appends lands on a page nobody has
 * touched since the last collection, and a fresh shared-memory page costs microseconds of kernel
 * work (2.3 µs per 4 KiB on the VM the benchmarks ran on). Paid inside {@code append}, that is most
 * of the time of a small append and all of the latency of a large one; paid here, it overlaps the
 * writer's work and its idle time, where a core is free for it.
 *
 * <p>The writer never waits for this: it {@linkplain #request asks} for a range, reads how far the
 * helper {@linkplain #backedEnd got}, and backs whatever is still missing itself. Backing is
 * idempotent, so the two may overlap. If the helper fails (the system is out of memory), it gives
 * up on that generation and the writer meets the failure itself, as a precise exception from its
 * own call.
 *
 * <p>A mapping must not be unmapped while the helper backs it (the backing takes its address):
 * the helper announces the object it is {@code working} on and then re-reads what is wanted; the
 * writer first asks for another object (or stops), then {@linkplain #retireWhenUnused has the old
 * one unmapped}, which waits until the helper is not working on it. Both sides use volatile
 * accesses, so either the helper sees the new request and backs off, or the unmapping sees the
 * announcement and waits for one step.
 *
 * <p>Thread-safety: {@link #request}, {@link #backedEnd}, {@link #retireWhenUnused} and
 * {@link #stop} are for the writer's thread only.
 */
final class BackingAhead {

    /**
     * Whether writers use the helper: by default where the JVM has more than two processors, so
     * that a core is likely free for it. On two, a writer and a reader spinning take both, and the
     * helper's work only displaces one of them (measured: no gain at 1 MiB, 64 KiB appends slower
     * at p50, BENCHMARKS.md). {@code -Dspeculo.writer.backAhead=true} or {@code false} decides instead.
     */
    static final boolean ENABLED = enabled(System.getProperty("speculo.writer.backAhead"),
            Runtime.getRuntime().availableProcessors());

    /** A range of one generation to put memory behind. */
    private record Range(DataObject object, long from, long to) {
    }

    /** How far the helper got: memory is behind {@code object} up to {@code end}. */
    private record Progress(DataObject object, long end) {
    }

    private static final Progress NONE = new Progress(null, 0);

    static boolean enabled(String setting, int processors) {
        return setting == null ? processors > 2 : !setting.equals("false");
    }

    private final Runnable task = this::run;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Range wanted;
    private volatile Progress progress = NONE;
    private volatile boolean stopped;
    /** The object the helper is backing right now, or null. */
    private volatile DataObject working;
    /** A generation the helper failed to back; it leaves it to the writer. */
    private volatile DataObject givenUp;

    /**
     * Asks for memory behind {@code [from, to)} of {@code object}, replacing any earlier request.
     * Allocates a small request object; the writer asks once per megabyte or so, not per chunk.
     *
     * @param from where the memory known to be behind {@code object} ends: everything before it
     *             must be backed already, because {@link #backedEnd} reports the helper's progress
     *             as memory behind the object from its start
     */
    void request(DataObject object, long from, long to) {
        if (stopped) {
            return;
        }
        wanted = new Range(object, from, to);
        if (scheduled.compareAndSet(false, true)) {
            Backer.execute(task);
        }
    }

    /** {@return how far memory is known to be behind {@code object} thanks to the helper, 0 if not at all} */
    long backedEnd(DataObject object) {
        Progress p = progress;
        return p.object == object ? p.end : 0;
    }

    /**
     * Has {@code retired}, which the writer no longer uses, unlinked by {@code unlink} and then
     * unmapped on the {@link Unmapper}'s thread, once the helper is not working on it.
     *
     * @return when both are done
     */
    Future<?> retireWhenUnused(DataObject retired, Runnable unlink) {
        Range range = wanted;
        if (range != null && range.object == retired) {
            wanted = null; // no request for another object came first (nothing was left to back)
        }
        return Unmapper.later(() -> {
            unlink.run();
            awaitNotWorkingOn(retired);
            retired.close();
        });
    }

    /**
     * Stops backing {@code retired}, which the writer keeps mapped for reuse: a request for it that
     * no later request replaced is dropped. A step in progress ends on its own.
     */
    void forget(DataObject retired) {
        Range range = wanted;
        if (range != null && range.object == retired) {
            wanted = null;
        }
    }

    /** Stops helping for good and waits until the helper is not working on {@code last}; the writer is closing. */
    void stop(DataObject last) {
        stopped = true;
        awaitNotWorkingOn(last);
    }

    private void awaitNotWorkingOn(DataObject object) {
        while (working == object) {
            Thread.onSpinWait(); // one step at most: the helper re-reads the request before the next
        }
    }

    private void run() {
        do {
            backWanted();
            scheduled.set(false);
            // A request that came while this run was ending found it scheduled and did not queue another.
        } while (!stopped && remaining(wanted) != null && scheduled.compareAndSet(false, true));
    }

    private void backWanted() {
        while (!stopped) {
            Range range = remaining(wanted);
            if (range == null) {
                return;
            }
            working = range.object;
            Range now = wanted;
            if (stopped || now == null || now.object != range.object) {
                working = null; // retired meanwhile: see retireWhenUnused
                continue;
            }
            long from = Math.max(range.from, backedEnd(range.object));
            long end = Math.min(range.to, from + Backer.STEP);
            try {
                range.object.reserve(from, end - from);
                progress = new Progress(range.object, end);
            } catch (RuntimeException e) {
                // Out of memory, or a retired generation's name is gone (backing by name): the
                // writer backs this generation, and meets the failure, on its own.
                givenUp = range.object;
            } finally {
                working = null;
            }
        }
    }

    /** {@return {@code range} if it reaches past what the helper has backed and may still try, else null} */
    private Range remaining(Range range) {
        if (range == null || range.object == givenUp || backedEnd(range.object) >= range.to) {
            return null;
        }
        return range;
    }
}
