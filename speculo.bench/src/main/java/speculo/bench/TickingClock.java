package speculo.bench;

import java.time.Instant;
import java.time.InstantSource;

/**
 * A clock the benchmark advances by hand, one millisecond per operation, so that streamed chunks
 * expire after a fixed number of operations and the area reaches a steady state: the collections a
 * full area triggers copy only the few chunks still live.
 */
final class TickingClock implements InstantSource {

    private long millis = 1_000_000;

    void tick() {
        millis++;
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
