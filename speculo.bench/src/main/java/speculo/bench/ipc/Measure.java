package speculo.bench.ipc;

import java.util.Locale;
import java.util.StringJoiner;
import org.HdrHistogram.Histogram;
import speculo.bench.MinorFaults;

/**
 * What every reader role measures, the same way for every transport: one-way latency from the
 * writer's {@code System.nanoTime()} stamp at the start of each chunk ({@code CLOCK_MONOTONIC},
 * shared by all processes of the machine), the arrival rate, and the longest gap between two
 * consecutive arrivals. Paced chunks also carry the time they were due ({@link #DUE}): a send held
 * up by the one before it starts late, and its latency from the stamp alone would leave that wait
 * out (coordinated omission), so the latency from when it was due is measured too. Also the
 * writer's pacing loop.
 *
 * <p>Warm-up chunks take the measured chunks' way through writer and reader: stamped, timed and
 * tallied alike, only apart ({@link #PART}). A way the warm-up never took is compiled without it,
 * and the first measured chunk to take it sends the JIT back to the interpreter and to compiling
 * again, on the processor a pinned reader or writer spins on: in quick runs of 64 B that cost both
 * transports' readers tens of milliseconds at the start of the measured part, more than the 1 % of
 * a 5-second run that sets its p99 (BENCHMARKS.md, "The p99 of quick runs"). So the warm-up's
 * second half rehearses the start of the measured part: it has a tally of its own, started as the
 * measured one is, once the JIT profiles what runs.
 */
final class Measure {

    /** Where in a chunk the time it was due is: 0 if it was not paced. */
    static final int DUE = Long.BYTES;
    /**
     * Where in a chunk the part of the run it belongs to is: 0 for the warm-up's first half, 1 for
     * its second (the rehearsal), 2 for the measured part.
     */
    static final int PART = 2 * Long.BYTES;
    /** The {@link #PART} of measured chunks. */
    private static final int MEASURED = 2;
    /** Bytes of what every chunk starts with: when it was sent, when it was due, and its part of the run. */
    static final int STAMP = 3 * Long.BYTES;
    /** A paced send that starts later than this after it was due is counted late, ns. */
    static final long LATE = 10_000;
    /** Percentiles of the latency distribution each reader reports (and the chart draws). */
    static final double[] PERCENTILES = {50, 75, 90, 99, 99.9, 99.99, 99.999, 100};

    /** What a reader tallies of one {@linkplain #PART part} of a run. */
    private static final class Tally {
        final Histogram latency = new Histogram(3_600_000_000_000L, 3);
        final Histogram fromDue = new Histogram(3_600_000_000_000L, 3);
        long received;
        long first;
        long last;
        long longestGap;
        /** {@link MinorFaults#sinceStart} at the first chunk of a flat-out run. */
        long faultsAtFirst = -1;

        void arrived(long now, long stampNanos, long dueNanos) {
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
    }

    /** A tally for each {@link #PART} of the run. */
    private final Tally[] tallies = {new Tally(), new Tally(), new Tally()};
    private final Tally measured = tallies[MEASURED];

    /** {@return the stamp the writer puts in a chunk: the time} */
    static long stamp() {
        return System.nanoTime();
    }

    /** {@return the {@link #PART} of the run chunk {@code i} belongs to} Computed, not branched on: see the class comment. */
    static long part(long i, long warmup) {
        return ((warmup / 2 - 1 - i) >>> 63) + ((warmup - 1 - i) >>> 63);
    }

    /**
     * Records one chunk stamped {@code stampNanos} by the writer, arriving now, in the tally of
     * its part of the run.
     *
     * @param dueNanos when the chunk was due to be sent (0 if not paced)
     * @param part     the chunk's {@link #PART} word
     */
    void arrived(long stampNanos, long dueNanos, long part) {
        tallies[(int) Math.min(MEASURED, part & 3)].arrived(System.nanoTime(), stampNanos, dueNanos);
    }

    /** {@return how many measured chunks arrived} */
    long received() {
        return measured.received;
    }

    /** {@return how many chunks arrived, warm-up included} */
    long arrivals() {
        return tallies[0].received + tallies[1].received + measured.received;
    }

    /**
     * Prints the {@code RESULT} line the harness parses ({@link Result}), with extra fields
     * appended, then {@code faults=}: this process's minor page faults since the first measured
     * chunk of a flat-out run (-1 in a paced one).
     */
    void report(String extra) {
        Histogram latency = measured.latency;
        Histogram fromDue = measured.fromDue;
        long received = measured.received;
        StringJoiner dist = new StringJoiner(",");
        for (double p : PERCENTILES) {
            dist.add(Long.toString(latency.getValueAtPercentile(p)));
        }
        double seconds = Math.max(1, measured.last - measured.first) / 1e9;
        System.out.printf(Locale.ROOT, "RESULT p50=%d p99=%d p999=%d max=%d rate=%.0f received=%d gap=%d dist=%s "
                        + "duep50=%d duep99=%d duep999=%d %s faults=%d%n",
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(99), latency.getValueAtPercentile(99.9),
                latency.getMaxValue(), received > 1 ? (received - 1) / seconds : 0.0, received, measured.longestGap, dist,
                fromDue.getValueAtPercentile(50), fromDue.getValueAtPercentile(99), fromDue.getValueAtPercentile(99.9), extra,
                MinorFaults.since(measured.faultsAtFirst));
        System.out.flush();
    }

    /**
     * What the writer does for message {@code i}, due at {@code due} ({@code System.nanoTime()}; 0
     * if not paced), which belongs to {@code part} of the run (its {@link #PART}).
     */
    interface Send {
        void send(long i, long due, long part) throws Exception;
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
        pace(s, send, () -> { }, () -> { });
    }

    /**
     * {@link #pace(Scenario, Send)}, running {@code waiting} while a paced send is not due yet (an
     * invoked media driver's work), and {@code measuring} just before the measured part starts
     * (and before the rehearsal: see the class comment).
     */
    static void pace(Scenario s, Send send, Runnable waiting, Runnable measuring) throws Exception {
        long perSecond = s.perSecond();
        long start = System.nanoTime();
        long measuredFrom = start;
        long faultsFrom = -1;
        // The sends' figures for each part of the run, tallied alike.
        long[] longest = new long[MEASURED + 1];
        long[] late = new long[MEASURED + 1];
        long[] latest = new long[MEASURED + 1];
        // Read once: each is computed from the scenario's fields. Read for every chunk, they cost
        // long divisions and string compares three times a chunk, which held Agrona's 64 B rate a
        // third below what it reaches (DECISIONS 64).
        long warmup = s.warmup();
        long total = s.total();
        boolean yields = s.yields();
        long[] partStarts = {warmup / 2, warmup, Long.MAX_VALUE}; // the rehearsal's, the measured part's
        int nextPart = 0;
        for (long i = 0; i < total; i++) {
            if (i == partStarts[nextPart]) {
                measuring.run();
                faultsFrom = MinorFaults.sinceStart();
                measuredFrom = System.nanoTime();
                nextPart++;
            }
            if (perSecond > 0) {
                long due = start + i * 1_000_000_000L / perSecond;
                while (System.nanoTime() < due) {
                    waiting.run();
                    if (yields) {
                        Thread.yield();
                    } else {
                        Thread.onSpinWait();
                    }
                }
                long before = System.nanoTime();
                int part = (int) part(i, warmup);
                send.send(i, due, part);
                longest[part] = Math.max(longest[part], System.nanoTime() - before);
                late[part] += before - due > LATE ? 1 : 0;
                latest[part] = Math.max(latest[part], before - due);
            } else {
                // Flat out: no clock reads around the send, they would cost as much as a small send.
                send.send(i, 0, part(i, warmup));
            }
        }
        double rate = s.messages() * 1e9 / Math.max(1, System.nanoTime() - measuredFrom);
        System.out.printf(Locale.ROOT, "WROTE rate=%.0f longest=%d late=%d latest=%d faults=%d%n", rate, longest[MEASURED],
                late[MEASURED], latest[MEASURED], MinorFaults.since(faultsFrom));
        System.out.flush();
    }
}
