package speculo.bench.ipc;

import java.util.Locale;
import java.util.StringJoiner;
import org.HdrHistogram.Histogram;

/**
 * What every reader role measures, the same way for every transport: one-way latency from the
 * writer's {@code System.nanoTime()} stamp in the first {@link #STAMP} bytes of each chunk
 * ({@code CLOCK_MONOTONIC}, shared by all processes of the machine), the arrival rate, and the
 * longest gap between two consecutive arrivals. Also the writer's pacing loop.
 */
final class Measure {

    /** Bytes of the timestamp at the start of every chunk. */
    static final int STAMP = Long.BYTES;
    /** Percentiles of the latency distribution each reader reports (and the chart draws). */
    static final double[] PERCENTILES = {50, 75, 90, 99, 99.9, 99.99, 99.999, 100};

    private final Histogram latency = new Histogram(3_600_000_000_000L, 3);
    private long received;
    private long first;
    private long last;
    private long longestGap;

    /** {@return the stamp the writer puts in chunk {@code i}: 0 (not measured) during the warm-up, else the time} */
    static long stamp(long i, Scenario s) {
        return i < s.warmup() ? 0 : System.nanoTime();
    }

    /** Records one chunk stamped {@code stampNanos} by the writer, arriving now; ignores warm-up chunks. */
    void arrived(long stampNanos) {
        if (stampNanos == 0) {
            return;
        }
        long now = System.nanoTime();
        latency.recordValue(Math.max(0, now - stampNanos));
        if (received++ == 0) {
            first = now;
        } else {
            longestGap = Math.max(longestGap, now - last);
        }
        last = now;
    }

    long received() {
        return received;
    }

    /** Prints the {@code RESULT} line the harness parses ({@link Result}), with extra fields appended. */
    void report(String extra) {
        StringJoiner dist = new StringJoiner(",");
        for (double p : PERCENTILES) {
            dist.add(Long.toString(latency.getValueAtPercentile(p)));
        }
        double seconds = Math.max(1, last - first) / 1e9;
        System.out.printf(Locale.ROOT, "RESULT p50=%d p99=%d p999=%d max=%d rate=%.0f received=%d gap=%d dist=%s %s%n",
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(99), latency.getValueAtPercentile(99.9),
                latency.getMaxValue(), received > 1 ? (received - 1) / seconds : 0.0, received, longestGap, dist, extra);
        System.out.flush();
    }

    /** What the writer does for message {@code i}. */
    interface Send {
        void send(long i) throws Exception;
    }

    /**
     * Sends the scenario's chunks, warm-up first, at its pace (flat out if none), and prints the
     * writer's own figures for the measured part: {@code WROTE rate=... longest=...} (chunks/s,
     * and when paced the longest single send in ns).
     */
    static void pace(Scenario s, Send send) throws Exception {
        long perSecond = s.perSecond();
        long start = System.nanoTime();
        long measuredFrom = start;
        long longest = 0;
        for (long i = 0; i < s.total(); i++) {
            if (i == s.warmup()) {
                measuredFrom = System.nanoTime();
            }
            if (perSecond > 0) {
                long due = start + i * 1_000_000_000L / perSecond;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                long before = System.nanoTime();
                send.send(i);
                if (i >= s.warmup()) {
                    longest = Math.max(longest, System.nanoTime() - before);
                }
            } else {
                send.send(i); // flat out: no clock reads around the send, they would cost as much as a small send
            }
        }
        System.out.printf(Locale.ROOT, "WROTE rate=%.0f longest=%d%n",
                s.messages() * 1e9 / Math.max(1, System.nanoTime() - measuredFrom), longest);
        System.out.flush();
    }
}
