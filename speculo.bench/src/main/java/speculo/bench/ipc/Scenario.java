package speculo.bench.ipc;

import java.util.Locale;

/**
 * One run of the harness: a transport carrying {@code messages} chunks of {@code size} bytes from
 * one writer process to {@code readers} reader processes, paced at {@code perSecond} (0: flat out).
 *
 * @param transport {@code speculo}, {@code agrona}, {@code uds}, {@code aeron}, {@code aeron-chain} or {@code bridge}
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
     * Chunks a flat-out run sends unmeasured at least: the JIT compiles a method in its last tier
     * after some 15,000 calls, and a run of large chunks has few calls. With a fifth of the run,
     * 64 KiB and 1 MiB runs were measured while both JVMs still compiled (on two processors the
     * writer's compiler threads took as much processor time as its sending thread).
     */
    static final long FLAT_OUT_WARM_UP = 20_000;

    /**
     * Bytes a flat-out run sends unmeasured at least, in at most {@link #FLAT_OUT_WARM_UP_CHUNKS_AT_MOST}
     * chunks: a transport that keeps its data in memory it allocates as the stream needs it
     * reaches its size only after a few gibibytes. speculo's area, 64 KiB chunks living 10 ms,
     * grows to ~330 MB a generation on the benchmark VM, through ~1.5 GB of new objects whose first
     * touch of each page costs ~11 µs; after 20,000 chunks (1.3 GB) it was still growing.
     */
    static final long FLAT_OUT_WARM_UP_BYTES = 4L << 30;

    /** The most chunks {@link #FLAT_OUT_WARM_UP_BYTES} asks for: 64 B chunks through a socket would otherwise take minutes. */
    static final long FLAT_OUT_WARM_UP_CHUNKS_AT_MOST = 200_000;

    /**
     * {@return how many chunks the writer sends first, unmeasured, so that both JVMs have compiled
     * their hot paths and the transport has reached its size} One second's worth when paced; when
     * flat out, a fifth of the run, at least {@link #FLAT_OUT_WARM_UP} chunks and at least
     * {@link #FLAT_OUT_WARM_UP_BYTES} in at most {@link #FLAT_OUT_WARM_UP_CHUNKS_AT_MOST} chunks,
     * except across hosts (the bridge, and Aeron alone, which it is compared with): the bridge's
     * flat-out chunks never expire, and 20,000 of 64 KiB would keep 1.3 GB live in each of its two areas.
     */
    long warmup() {
        if (perSecond > 0) {
            return perSecond;
        }
        if (acrossHosts(transport)) {
            return messages / 5;
        }
        long forBytes = Math.min(FLAT_OUT_WARM_UP_BYTES / size, FLAT_OUT_WARM_UP_CHUNKS_AT_MOST);
        return Math.max(messages / 5, Math.max(FLAT_OUT_WARM_UP, forBytes));
    }

    /** {@return whether {@code transport} runs across hosts: the bridge, or Aeron alone or in a chain, which it is compared with} */
    static boolean acrossHosts(String transport) {
        return transport.equals("aeron") || transport.equals("aeron-chain") || transport.equals("bridge");
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
        return acrossHosts(transport);
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
