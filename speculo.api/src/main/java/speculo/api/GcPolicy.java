package speculo.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Decides when a writer compacts its area ahead of need. The writer asks after every change
 * (write, replace, remove); independently of the policy, it always collects when a chunk does
 * not fit.
 *
 * <p>A policy runs on the writer's thread, on the write path: keep it cheap and free of side
 * effects. Combine the built-ins with {@link #anyOf(GcPolicy...)}.
 */
@FunctionalInterface
public interface GcPolicy {

    /**
     * Decides whether to collect now.
     *
     * @param stats the area's current statistics
     * @return {@code true} to collect now
     */
    boolean shouldCollect(AreaStats stats);

    /**
     * Never collects ahead of need: only when a chunk does not fit. Every collection then both
     * compacts and, if needed, grows the area. The default. Always the same instance, which a writer
     * recognises: with it, writes do not build statistics to ask a policy.
     *
     * @return the policy
     */
    static GcPolicy whenFull() {
        return Defaults.WHEN_FULL;
    }

    /**
     * Collects when at least {@code ratio} of the used bytes are dead.
     *
     * @param ratio from 0.0 (exclusive) to 1.0 (inclusive)
     * @return the policy
     * @throws IllegalArgumentException if {@code ratio} is out of range
     */
    static GcPolicy deadRatioAtLeast(double ratio) {
        if (!(ratio > 0.0 && ratio <= 1.0)) {
            throw new IllegalArgumentException("ratio must be in (0, 1]: " + ratio);
        }
        return stats -> stats.deadBytes() > 0 && stats.deadRatio() >= ratio;
    }

    /**
     * Collects when at least {@code interval} has passed since the last collection (or since the
     * writer opened the area), on the writer's clock.
     *
     * @param interval positive
     * @return the policy
     * @throws IllegalArgumentException if {@code interval} is zero or negative
     */
    static GcPolicy every(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        return stats -> Duration.between(stats.lastGcAt(), stats.takenAt()).compareTo(interval) >= 0;
    }

    /**
     * Collects when any of the given policies says so.
     *
     * @param policies at least one
     * @return the policy
     * @throws IllegalArgumentException if no policy is given
     * @throws NullPointerException     if a policy is null
     */
    static GcPolicy anyOf(GcPolicy... policies) {
        List<GcPolicy> all = List.of(policies);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("anyOf needs at least one policy");
        }
        return stats -> {
            for (GcPolicy policy : all) {
                if (policy.shouldCollect(stats)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Holds the one instance of {@link #whenFull()}; not for use by applications. */
    final class Defaults {
        /** Never collects ahead of need. */
        static final GcPolicy WHEN_FULL = stats -> false;

        private Defaults() {
        }
    }
}
