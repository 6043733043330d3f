package speculo.core.read;

import java.util.concurrent.locks.LockSupport;

/**
 * How a blocking read waits without notification: spin first (lowest latency while data flows),
 * then yield the core, then park for growing intervals up to {@value #MAX_PARK_NANOS} ns (low CPU
 * when idle).
 */
final class Backoff {

    private static final int SPINS = 200;
    private static final int YIELDS = 50;
    private static final long MIN_PARK_NANOS = 1_000;
    private static final long MAX_PARK_NANOS = 1_000_000;

    private int round;
    private long parkNanos = MIN_PARK_NANOS;

    /** Waits a little, more each time; never longer than {@code remainingNanos}. */
    void idle(long remainingNanos) {
        if (round < SPINS) {
            round++;
            Thread.onSpinWait();
        } else if (round < SPINS + YIELDS) {
            round++;
            Thread.yield();
        } else {
            LockSupport.parkNanos(Math.max(1, Math.min(parkNanos, remainingNanos)));
            parkNanos = Math.min(MAX_PARK_NANOS, parkNanos * 2);
        }
    }
}
