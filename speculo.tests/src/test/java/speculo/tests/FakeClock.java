package speculo.tests;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock the test moves by hand (R8: expiry is tested without sleeping). */
public final class FakeClock implements InstantSource {

    private volatile long millis;
    private volatile long stepMillis;

    public FakeClock(Instant start) {
        this.millis = start.toEpochMilli();
    }

    public FakeClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public void advance(Duration by) {
        millis += by.toMillis();
    }

    /** From now on, every read of the clock moves it on by {@code step} after returning (zero: never). */
    public void stepOnEveryRead(Duration step) {
        stepMillis = step.toMillis();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public long millis() {
        long now = millis;
        long step = stepMillis;
        if (step != 0) {
            millis = now + step; // only single-threaded tests step the clock
        }
        return now;
    }
}
