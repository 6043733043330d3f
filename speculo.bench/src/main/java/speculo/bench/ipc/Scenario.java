package speculo.bench.ipc;

import java.util.Locale;

/**
 * One run of the harness: a transport carrying {@code messages} chunks of {@code size} bytes from
 * one writer process to {@code readers} reader processes, paced at {@code perSecond} (0: flat out).
 *
 * @param transport {@code speculo}, {@code agrona}, {@code uds}, {@code aeron} or {@code bridge}
 * @param mode      {@code latency} (paced), {@code throughput} (flat out) or {@code gc} (paced, with
 *                  collections forced by a small area)
 * @param size      bytes per chunk, at least {@link Measure#STAMP}
 * @param messages  chunks the writer sends
 * @param perSecond pacing; 0 for flat out
 * @param readers   reader processes
 * @param harness   the pid of the harness process, which names the run's shared objects
 */
record Scenario(String transport, String mode, int size, long messages, long perSecond, int readers, long harness) {

    Scenario {
        if (size < Measure.STAMP) {
            throw new IllegalArgumentException("chunks must hold the " + Measure.STAMP + "-byte timestamp: " + size);
        }
    }

    /**
     * {@return how many chunks the writer sends first, unmeasured, so that both JVMs have compiled
     * their hot paths} One second's worth when paced, a fifth of the run when flat out.
     */
    long warmup() {
        return perSecond > 0 ? perSecond : messages / 5;
    }

    /** {@return the total the writer sends: warm-up and measured chunks} */
    long total() {
        return warmup() + messages;
    }

    /**
     * {@return whether the run's processes share the processors with media drivers} Aeron's and the
     * bridge's: their writers wait for a due time, and their readers for data, by yielding instead
     * of spinning, or on two processors the drivers' threads would get a turn only when the
     * scheduler preempts a spinner (milliseconds).
     */
    boolean yields() {
        return transport.equals("aeron") || transport.equals("bridge");
    }

    /** {@return a scenario of the harness running in this process} */
    static Scenario of(String transport, String mode, int size, long messages, long perSecond, int readers) {
        return new Scenario(transport, mode, size, messages, perSecond, readers, ProcessHandle.current().pid());
    }

    /** {@return the name of the run's shared objects, the same in every process of the run} */
    String objectName() {
        return String.format(Locale.ROOT, "xp-%d-%s-%s-%d-%d", harness, transport, mode, size, readers);
    }

    /** {@return a short human label, e.g. {@code speculo latency 64 B}} */
    String label() {
        return transport + " " + mode + " " + sizeLabel(size) + (readers > 1 ? " ×" + readers + " readers" : "");
    }

    static String sizeLabel(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " B";
    }
}
