package speculo.bench;

import java.time.Instant;
import java.time.InstantSource;

/**
 * A clock that moves only when told. In-process benchmarks {@linkplain #tick() tick} it one
 * millisecond per operation, so that streamed chunks expire after a fixed number of operations
 * and the area reaches a steady state: the collections a full area triggers copy only the few
 * chunks still live. Flat-out writers {@linkplain #catchUp() catch it up} with the system clock
 * every so many chunks, as an application's duty cycle keeps a cached clock: what the writer's own
 * clock read costs.
 */
public final class ManualClock implements InstantSource {

    private long millis;

    /** A clock that reads {@code millis} until told otherwise. */
    public ManualClock(long millis) {
        this.millis = millis;
    }

    /** Moves the clock one millisecond on. */
    public void tick() {
        millis++;
    }

    /** Sets the clock to the system clock's reading. */
    public void catchUp() {
        millis = System.currentTimeMillis();
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }
}
