package speculo.api;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How a reader opens and reads an area. Immutable; each {@code with...} method returns a changed
 * copy.
 */
public final class ReaderOptions {

    private static final ReaderOptions DEFAULTS = new ReaderOptions(InstantSource.system(), null, StartPosition.OLDEST,
            IdleStrategy::backoff, Duration.ZERO, false);

    private final InstantSource clock;
    private final String expectedOwner;
    private final StartPosition start;
    private final Supplier<? extends IdleStrategy> idleStrategy;
    private final Duration areaWait;
    private final boolean removals;

    private ReaderOptions(InstantSource clock, String expectedOwner, StartPosition start,
                          Supplier<? extends IdleStrategy> idleStrategy, Duration areaWait, boolean removals) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.expectedOwner = expectedOwner;
        this.start = Objects.requireNonNull(start, "start");
        this.idleStrategy = Objects.requireNonNull(idleStrategy, "idleStrategy");
        this.areaWait = Objects.requireNonNull(areaWait, "areaWait");
        this.removals = removals;
    }

    /**
     * {@return the defaults: system clock, any owner, start at the oldest live chunk, the
     * {@linkplain IdleStrategy#backoff() backoff} idle strategy, no waiting for the area, no
     * removal notices}
     */
    public static ReaderOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Sets the clock. The reader reads it only to judge a chunk that has an expiry: at most once a
     * {@link Reader#poll poll} or {@link Reader#next() next} (at the first such chunk; the rest of
     * that call's chunks are judged by that reading), and once a {@link Reader#read read} of such a
     * chunk by its handle. Chunks that never expire are delivered without reading it.
     *
     * @param clock the clock against which chunks' expiry is checked (inject a fake one in tests)
     * @return a copy with this clock
     */
    public ReaderOptions withClock(InstantSource clock) {
        return new ReaderOptions(clock, expectedOwner, start, idleStrategy, areaWait, removals);
    }

    /**
     * Requires the area's objects to belong to a given user; opening an area of anyone else
     * fails with {@link AreaAccessDeniedException}. Guards against another user planting an area
     * of the expected name.
     *
     * @param userName the expected owner's user name, for example {@code "telemetry"}, or its
     *                 numeric id (as {@code "54321"}) for a user that has no name
     * @return a copy with this requirement
     * @throws IllegalArgumentException if {@code userName} is blank
     */
    public ReaderOptions withExpectedOwner(String userName) {
        Objects.requireNonNull(userName, "userName");
        if (userName.isBlank()) {
            throw new IllegalArgumentException("userName must not be blank");
        }
        return new ReaderOptions(clock, userName, start, idleStrategy, areaWait, removals);
    }

    /**
     * Sets where the reader starts in the stream.
     *
     * @param start {@link StartPosition#OLDEST} (the default) or {@link StartPosition#END}
     * @return a copy with this start
     */
    public ReaderOptions withStart(StartPosition start) {
        return new ReaderOptions(clock, expectedOwner, start, idleStrategy, areaWait, removals);
    }

    /**
     * Sets how the reader waits: in {@link Reader#next(Duration)} and for the area to appear.
     *
     * @param factory makes the strategy of each reader, for example {@code IdleStrategy::busySpin}
     *                or {@code () -> IdleStrategy.backoff(100, 10, Duration.ofNanos(500), Duration.ofMillis(10))}
     * @return a copy with this idle strategy
     */
    public ReaderOptions withIdleStrategy(Supplier<? extends IdleStrategy> factory) {
        return new ReaderOptions(clock, expectedOwner, start, factory, areaWait, removals);
    }

    /**
     * Lets opening a reader wait for an area that does not exist yet (its writer has not started,
     * or is still creating it), looking again as the idle strategy says, up to {@code wait}.
     *
     * @param wait the longest wait; {@link Duration#ZERO} (the default) to fail at once with
     *             {@link AreaNotFoundException}
     * @return a copy with this wait
     * @throws IllegalArgumentException if {@code wait} is negative
     */
    public ReaderOptions withAreaWait(Duration wait) {
        Objects.requireNonNull(wait, "wait");
        if (wait.isNegative()) {
            throw new IllegalArgumentException("wait must not be negative: " + wait);
        }
        return new ReaderOptions(clock, expectedOwner, start, idleStrategy, wait, removals);
    }

    /**
     * Has the stream hand over a <em>removal notice</em> for every chunk the writer
     * {@linkplain Writer#remove removes}, in stream order: a {@link Chunk} whose
     * {@link Chunk#isRemoval()} is true, whose {@link Chunk#id() id} is the removed chunk's and
     * whose size is 0. Off by default: a reader that mirrors or indexes the area needs them, one
     * that consumes a stream does not. A notice is handed over whatever the reader's clock says;
     * a garbage collection drops notices the reader has not got to yet, like the removed chunks
     * themselves: for such a reader, each dropped notice counts in {@link Reader#skipped()}.
     *
     * @param removals whether to hand over removal notices
     * @return a copy with this choice
     */
    public ReaderOptions withRemovals(boolean removals) {
        return new ReaderOptions(clock, expectedOwner, start, idleStrategy, areaWait, removals);
    }

    /** {@return whether the stream hands over removal notices} */
    public boolean removals() {
        return removals;
    }

    /** {@return the clock against which expiry is checked} */
    public InstantSource clock() {
        return clock;
    }

    /** {@return the user that must own the area, if one is required} */
    public Optional<String> expectedOwner() {
        return Optional.ofNullable(expectedOwner);
    }

    /** {@return where a new reader starts in the stream} */
    public StartPosition start() {
        return start;
    }

    /**
     * {@return a new idle strategy for one reader}
     *
     * @throws NullPointerException if the factory returned null
     */
    public IdleStrategy newIdleStrategy() {
        return Objects.requireNonNull(idleStrategy.get(), "the idle strategy factory returned null");
    }

    /** {@return how long opening a reader waits for the area to appear} */
    public Duration areaWait() {
        return areaWait;
    }
}
