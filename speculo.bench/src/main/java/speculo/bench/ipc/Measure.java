package speculo.bench.ipc;

import java.util.Locale;
import java.util.StringJoiner;
import org.HdrHistogram.Histogram;

/**
 * What every reader role measures, the same way for every transport: one-way latency from the
 * writer's {@code System.nanoTime()} stamp at the start of each chunk ({@code CLOCK_MONOTONIC},
 * shared by all processes of the machine), the arrival rate, and the longest gap between two
 * consecutive arrivals. Paced chunks also carry the time they were due ({@link #DUE}): a send held
 * up by the one before it starts late, and its latency from the stamp alone would leave that wait
 * out (coordinated omission), so the latency from when it was due is measured too. Also the
 * writer's pacing loop.
 */
final class Measure {

    /** Bytes of the two times at the start of every chunk: when it was sent, and ({@link #DUE}) when it was due. */
    static final int STAMP = 2 * Long.BYTES;
    /** Where in a chunk the time it was due is: 0 if it was not paced or is a warm-up chunk. */
    static final int DUE = Long.BYTES;
    /** A paced send that starts later than this after it was due is counted late, ns. */
    static final long LATE = 10_000;
    /** Percentiles of the latency distribution each reader reports (and the chart draws). */
    static final double[] PERCENTILES = {50, 75, 90, 99, 99.9, 99.99, 99.999, 100};

    private final Histogram latency = new Histogram(3_600_000_000_000L, 3);
    private final Histogram fromDue = new Histogram(3_600_000_000_000L, 3);
    private long received;
    private long first;
    private long last;
    private long longestGap;
    /** {@link MinorFaults#sinceStart} at the first measured chunk. */
    private long faultsAtFirst = -1;

    /** {@return the stamp the writer puts in chunk {@code i}: 0 (not measured) during the warm-up, else the time} */
    static long stamp(long i, Scenario s) {
        return i < s.warmup() ? 0 : System.nanoTime();
    }

    /**
     * Records one chunk stamped {@code stampNanos} by the writer, arriving now; ignores warm-up chunks.
     *
     * @param dueNanos when the chunk was due to be sent (0 if not paced)
     */
    void arrived(long stampNanos, long dueNanos) {
        if (stampNanos == 0) {
            return;
        }
        long now = System.nanoTime();
        latency.recordValue(Math.max(0, now - stampNanos));
        if (dueNanos != 0) {
            fromDue.recordValue(Math.max(0, now - dueNanos));
        }
        if (received++ == 0) {
            if (dueNanos == 0) {
                // Flat out only: the read of /proc (tens of µs) would delay a paced chunk's latency.
                faultsAtFirst = MinorFaults.sinceStart();
            }
            first = now;
        } else {
            longestGap = Math.max(longestGap, now - last);
        }
        last = now;
    }

    long received() {
        return received;
    }

    /**
     * Prints the {@code RESULT} line the harness parses ({@link Result}), with extra fields
     * appended, then {@code faults=}: this process's minor page faults since the first measured
     * chunk of a flat-out run (-1 in a paced one).
     */
    void report(String extra) {
        StringJoiner dist = new StringJoiner(",");
        for (double p : PERCENTILES) {
            dist.add(Long.toString(latency.getValueAtPercentile(p)));
        }
        double seconds = Math.max(1, last - first) / 1e9;
        System.out.printf(Locale.ROOT, "RESULT p50=%d p99=%d p999=%d max=%d rate=%.0f received=%d gap=%d dist=%s "
                        + "duep50=%d duep99=%d duep999=%d %s faults=%d%n",
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(99), latency.getValueAtPercentile(99.9),
                latency.getMaxValue(), received > 1 ? (received - 1) / seconds : 0.0, received, longestGap, dist,
                fromDue.getValueAtPercentile(50), fromDue.getValueAtPercentile(99), fromDue.getValueAtPercentile(99.9), extra,
                MinorFaults.since(faultsAtFirst));
        System.out.flush();
    }

    /** What the writer does for message {@code i}, due at {@code due} ({@code System.nanoTime()}; 0 if not paced or warm-up). */
    interface Send {
        void send(long i, long due) throws Exception;
    }

    /**
     * Sends the scenario's chunks, warm-up first, at its pace (flat out if none), and prints the
     * writer's own figures for the measured part: {@code WROTE rate=... longest=... late=... latest=... faults=...}
     * (chunks/s; when paced, the longest single send in ns, how many sends started more than
     * {@link #LATE} after they were due, and the latest start in ns; the process's minor page faults). A send held up by the one
     * before it shows in the readers' latency from due, not in their latency from the stamp;
     * {@code late} says how often that happened.
     */
    static void pace(Scenario s, Send send) throws Exception {
        pace(s, send, () -> { });
    }

    /** {@link #pace(Scenario, Send)}, running {@code waiting} while a paced send is not due yet (an invoked media driver's work). */
    static void pace(Scenario s, Send send, Runnable waiting) throws Exception {
        long perSecond = s.perSecond();
        long start = System.nanoTime();
        long measuredFrom = start;
        long faultsFrom = -1;
        long longest = 0;
        long late = 0;
        long latest = 0;
        for (long i = 0; i < s.total(); i++) {
            if (i == s.warmup()) {
                faultsFrom = MinorFaults.sinceStart();
                measuredFrom = System.nanoTime();
            }
            if (perSecond > 0) {
                long due = start + i * 1_000_000_000L / perSecond;
                while (System.nanoTime() < due) {
                    waiting.run();
                    if (s.yields()) {
                        Thread.yield();
                    } else {
                        Thread.onSpinWait();
                    }
                }
                long before = System.nanoTime();
                send.send(i, i < s.warmup() ? 0 : due);
                if (i >= s.warmup()) {
                    longest = Math.max(longest, System.nanoTime() - before);
                    late += before - due > LATE ? 1 : 0;
                    latest = Math.max(latest, before - due);
                }
            } else {
                send.send(i, 0); // flat out: no clock reads around the send, they would cost as much as a small send
            }
        }
        double rate = s.messages() * 1e9 / Math.max(1, System.nanoTime() - measuredFrom);
        System.out.printf(Locale.ROOT, "WROTE rate=%.0f longest=%d late=%d latest=%d faults=%d%n", rate, longest, late, latest,
                MinorFaults.since(faultsFrom));
        System.out.flush();
    }
}
