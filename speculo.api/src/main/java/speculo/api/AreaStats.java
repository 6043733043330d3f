package speculo.api;

import java.time.Duration;
import java.time.Instant;

/**
 * A snapshot of an area's statistics, as its writer sees them. Sizes count whole records
 * (header, data and padding), so {@code liveBytes + deadBytes == used}.
 *
 * @param capacity       size of the current generation's record space in bytes
 * @param maxCapacity    the most the area may grow to, in bytes
 * @param used           bytes of record space written so far in the current generation
 * @param liveBytes      bytes of records still live (not expired, replaced or removed)
 * @param deadBytes      bytes of records that a garbage collection would drop
 * @param liveChunks     number of live records
 * @param deadChunks     number of dead records
 * @param generation     the current generation
 * @param gcCount        garbage collections this writer has run
 * @param lastGcDuration how long the last garbage collection took; zero if none ran
 * @param lastGcAt       when the last garbage collection ended, or when the writer opened the area
 * @param takenAt        when this snapshot was taken, on the writer's clock
 */
public record AreaStats(
        long capacity,
        long maxCapacity,
        long used,
        long liveBytes,
        long deadBytes,
        long liveChunks,
        long deadChunks,
        long generation,
        long gcCount,
        Duration lastGcDuration,
        Instant lastGcAt,
        Instant takenAt) {

    /** {@return bytes of record space still free in the current generation} */
    public long free() {
        return capacity - used;
    }

    /** {@return the share of used bytes that is dead, from 0.0 to 1.0; 0.0 when nothing is used} */
    public double deadRatio() {
        return used == 0 ? 0.0 : (double) deadBytes / used;
    }
}
