package speculo.api;

import java.time.Duration;

/**
 * How a reader waits when there is nothing to read: for the next chunk in
 * {@link Reader#next(Duration)}, and for an area to appear
 * ({@link ReaderOptions#withAreaWait(Duration)}). speculo has no change notification, so a
 * waiting reader looks again and again; the strategy decides what it does between looks (Agrona's
 * {@code IdleStrategy}).
 *
 * <p>A strategy may keep state (how long it has waited so far), so each reader gets its own from
 * the factory given to {@link ReaderOptions#withIdleStrategy}. It is used by one thread at a time.
 */
public interface IdleStrategy {

    /**
     * Waits a little, after a look found nothing.
     *
     * @param maxNanos the longest this call may wait, positive: the time left of the caller's
     *                 timeout (a strategy that parks must not park longer)
     */
    void idle(long maxNanos);

    /** Starts a new wait: called before the first {@link #idle} of each one. */
    void reset();

    /**
     * {@return a strategy that spins (lowest latency, one busy core)}
     */
    static IdleStrategy busySpin() {
        return BackoffIdleStrategy.busySpin();
    }

    /**
     * {@return a strategy that yields the core between looks}
     */
    static IdleStrategy yielding() {
        return BackoffIdleStrategy.yielding();
    }

    /**
     * {@return the default: spins, then yields, then parks for growing intervals}
     *
     * @param spins       how many looks spin first
     * @param yields      how many looks yield after the spins
     * @param minPark     the first park
     * @param maxPark     the longest park, reached by doubling
     * @throws IllegalArgumentException if a count is negative or a park is not positive, or
     *                                  {@code maxPark} is shorter than {@code minPark}
     */
    static IdleStrategy backoff(int spins, int yields, Duration minPark, Duration maxPark) {
        return new BackoffIdleStrategy(spins, yields, minPark.toNanos(), maxPark.toNanos());
    }

    /**
     * {@return the default strategy: 200 spins, 50 yields, then parks from 1 µs doubling up to 1 ms}
     * Low latency while data flows, little CPU when idle.
     */
    static IdleStrategy backoff() {
        return new BackoffIdleStrategy(200, 50, 1_000, 1_000_000);
    }
}
