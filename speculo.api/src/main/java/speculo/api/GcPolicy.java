package speculo.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import speculo.api.internal.BuiltInGcPolicy;

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
     * compacts and, if needed, grows the area. The default.
     *
     * <p>The writer asks the built-in policies ({@code whenFull}, {@link #deadRatioAtLeast},
     * {@link #every} and {@link #anyOf} of those) without building statistics: a write allocates
     * nothing under them. A policy of the application's gets an {@link AreaStats} after every
     * change, made for it.
     *
     * @return the policy
     */
    static GcPolicy whenFull() {
        return BuiltInGcPolicy.WHEN_FULL;
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
        return BuiltInGcPolicy.deadRatioAtLeast(ratio);
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
        // Whole milliseconds, rounded up: the writer's clock counts in them.
        long millis;
        try {
            millis = Math.addExact(interval.toMillis(), interval.toNanosPart() % 1_000_000 == 0 ? 0 : 1);
        } catch (ArithmeticException beyondLong) {
            millis = Long.MAX_VALUE;
        }
        return BuiltInGcPolicy.every(millis);
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
        return BuiltInGcPolicy.anyOf(all);
    }
}
