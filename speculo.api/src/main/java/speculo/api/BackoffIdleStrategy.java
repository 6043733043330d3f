package speculo.api;

import java.util.concurrent.locks.LockSupport;

/**
 * The built-in {@link IdleStrategy}: spin first (lowest latency while data flows), then yield the
 * core, then park for doubling intervals (low CPU when idle). Spinning and yielding strategies
 * are its two ends.
 */
final class BackoffIdleStrategy implements IdleStrategy {

    /** Looks that spin, then looks that yield; {@link Long#MAX_VALUE} is "for ever" (never reached). */
    private final long spins;
    private final long yields;
    private final long minParkNanos;
    private final long maxParkNanos;

    private long round;
    private long parkNanos;

    BackoffIdleStrategy(long spins, long yields, long minParkNanos, long maxParkNanos) {
        if (spins < 0 || yields < 0) {
            throw new IllegalArgumentException("spins and yields must not be negative: " + spins + ", " + yields);
        }
        if (minParkNanos <= 0 || maxParkNanos < minParkNanos) {
            throw new IllegalArgumentException("parks must be positive, the longest at least the first: "
                    + minParkNanos + " ns, " + maxParkNanos + " ns");
        }
        this.spins = spins;
        this.yields = yields;
        this.minParkNanos = minParkNanos;
        this.maxParkNanos = maxParkNanos;
        reset();
    }

    static BackoffIdleStrategy busySpin() {
        return new BackoffIdleStrategy(Long.MAX_VALUE, 0, 1, 1);
    }

    static BackoffIdleStrategy yielding() {
        return new BackoffIdleStrategy(0, Long.MAX_VALUE, 1, 1);
    }

    @Override
    public void idle(long maxNanos) {
        if (round < spins) {
            round++;
            Thread.onSpinWait();
        } else if (round - spins < yields) {
            round++;
            Thread.yield();
        } else {
            LockSupport.parkNanos(Math.max(1, Math.min(parkNanos, maxNanos)));
            parkNanos = Math.min(maxParkNanos, parkNanos * 2);
        }
    }

    @Override
    public void reset() {
        round = 0;
        parkNanos = minParkNanos;
    }

    @Override
    public String toString() {
        return "backoff(" + spins + " spins, " + yields + " yields, parks " + minParkNanos + "-" + maxParkNanos + " ns)";
    }
}
