package speculo.api;

import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * How a reader opens and reads an area. Immutable; each {@code with...} method returns a changed
 * copy.
 */
public final class ReaderOptions {

    private static final ReaderOptions DEFAULTS = new ReaderOptions(InstantSource.system(), null);

    private final InstantSource clock;
    private final String expectedOwner;

    private ReaderOptions(InstantSource clock, String expectedOwner) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.expectedOwner = expectedOwner;
    }

    /** {@return the defaults: system clock, any owner} */
    public static ReaderOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The reader reads this clock only to judge a chunk that has an expiry: at most once a
     * {@link Reader#poll poll} or {@link Reader#next() next} (at the first such chunk; the rest of
     * that call's chunks are judged by that reading), and once a {@link Reader#read read} of such a
     * chunk by its handle. Chunks that never expire are delivered without reading it.
     *
     * @param clock the clock against which chunks' expiry is checked (inject a fake one in tests)
     * @return a copy with this clock
     */
    public ReaderOptions withClock(InstantSource clock) {
        return new ReaderOptions(clock, expectedOwner);
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
        return new ReaderOptions(clock, userName);
    }

    /** {@return the clock against which expiry is checked} */
    public InstantSource clock() {
        return clock;
    }

    /** {@return the user that must own the area, if one is required} */
    public Optional<String> expectedOwner() {
        return Optional.ofNullable(expectedOwner);
    }
}
