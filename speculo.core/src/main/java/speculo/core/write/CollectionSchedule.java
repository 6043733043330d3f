package speculo.core.write;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import speculo.core.area.DataObject;

/**
 * When the writer prepares its next generation ahead of the collection that will fill it
 * ({@link Collector#prepareNext}), and what it remembers of its collections. The next generation is
 * prepared once half the head-room is used, or once half the time between the last two collections
 * has passed: a policy that collects by time or by dead ratio may collect long before the head-room
 * is half used, and a collection with no generation prepared pays for every fresh page it copies
 * into (the demo's writer, collecting every second: 36-80 ms).
 *
 * <p>The writer's thread only.
 */
final class CollectionSchedule {

    private final InstantSource clock;
    /** Past this tail, the next generation is prepared: half the head-room used. */
    private long prepareAt;
    /**
     * From this time on (the clock's epoch ms), the next generation is prepared even if the tail is
     * not that far. {@link Long#MAX_VALUE}: not known, or prepared.
     */
    private long prepareBy = Long.MAX_VALUE;
    /** The clock's epoch ms at the end of the last collection; {@link Long#MIN_VALUE} before the first. */
    private long lastCollectedAt = Long.MIN_VALUE;
    private long count;
    private Duration lastDuration = Duration.ZERO;
    private Instant lastAt;

    CollectionSchedule(InstantSource clock, DataObject current) {
        this.clock = clock;
        this.prepareAt = prepareAt(current);
        this.lastAt = clock.instant();
    }

    /**
     * {@return the tail past which the generation after {@code generation} is prepared, or
     * {@link Long#MAX_VALUE} for never} Never where objects have memory behind them from the start
     * (nothing to prepare ahead), or with {@code -Dspeculo.writer.standby=false}.
     */
    private static long prepareAt(DataObject generation) {
        if (!StandbyGeneration.ENABLED || generation.fullyBacked()) {
            return Long.MAX_VALUE;
        }
        return generation.copiedEnd() + (generation.recordsEnd() - generation.copiedEnd()) / 2;
    }

    /** {@return whether the next generation may fall due by time: then the clock is looked at every backing step} */
    boolean mayFallDueByTime() {
        return prepareBy != Long.MAX_VALUE;
    }

    /** Makes the next generation due now if its time has come; called once per backing step, not per chunk (~20 ns a read). */
    void lookAtClock(long tail) {
        if (prepareBy != Long.MAX_VALUE && clock.millis() >= prepareBy) {
            prepareAt = tail;
        }
    }

    /** {@return whether to prepare the next generation now, at {@code tail}; once per generation} */
    boolean prepareNow(long tail) {
        if (tail < prepareAt) {
            return false;
        }
        prepareAt = Long.MAX_VALUE;
        prepareBy = Long.MAX_VALUE;
        return true;
    }

    /**
     * Notes a collection that filled {@code current} and started at {@code startedNanos}
     * ({@link System#nanoTime}), and schedules the preparation of the generation after it.
     */
    void collected(DataObject current, long startedNanos) {
        count++;
        lastDuration = Duration.ofNanos(System.nanoTime() - startedNanos);
        lastAt = clock.instant();
        long now = lastAt.toEpochMilli();
        prepareAt = prepareAt(current);
        prepareBy = prepareAt == Long.MAX_VALUE || lastCollectedAt == Long.MIN_VALUE ? Long.MAX_VALUE
                : now + Math.max(0, now - lastCollectedAt) / 2;
        lastCollectedAt = now;
    }

    /** {@return how many collections this writer ran} */
    long count() {
        return count;
    }

    /** {@return how long the last collection took, zero before the first} */
    Duration lastDuration() {
        return lastDuration;
    }

    /** {@return when the last collection ended, or the writer opened, in epoch ms} */
    long lastAtMillis() {
        return lastAt.toEpochMilli();
    }

    /** {@return when the last collection ended, or the writer opened} */
    Instant lastAt() {
        return lastAt;
    }
}
