package speculo.bench.ipc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.time.Instant;
import speculo.api.Backend;
import speculo.api.ChunkHandler;
import speculo.api.GcPolicy;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;
import speculo.bench.CollectorWarmUp;
import speculo.bench.ManualClock;
import speculo.bench.MinorFaults;

/**
 * speculo's side of the harness, on the {@code shm} backend with the default GC policy. The writer
 * {@linkplain Writer#append appends} (no allocation per chunk) with a time to live, which is what
 * bounds the area: long enough that a spinning reader never loses a chunk, short enough that
 * collections copy little. In {@code gc} mode the area starts at 1 MiB with a 50 ms time to live,
 * so that it fills and collects several times a second while the reader measures gaps. A paced
 * run's warm-up runs twenty collections. A flat-out run's warm-up collects only as its chunks
 * fill the area: collections forced more often kept the area below the size a flat-out stream
 * keeps, and it grew while measured, on fresh pages (64 KiB chunks: 47,000 fresh pages in the
 * measured gibibyte; 94 and 32,410 in two runs without them).
 */
final class SpeculoPeer {

    private static final Backend SHM = Speculo.backend("shm");
    /**
     * Collections the writer of a paced run runs during the warm-up, after {@link CollectorWarmUp}
     * compiled the collector: the first collections of an area still meet cold memory and a
     * standby not yet prepared, tens of milliseconds that would land in the p99 of a short run.
     */
    private static final int WARM_UP_COLLECTIONS = 20;
    /**
     * The time to live of flat-out chunks: how long a reader may fall behind before it loses
     * chunks, as a ring's capacity is for Agrona (its 64 MiB hold ~60 ms at its 64 B rate here).
     * Longer keeps more live data for each collection to copy. Set it in the children with
     * {@code -Dspeculo.bench.childFlags=-Dspeculo.bench.flatOutTtlMs=60}.
     */
    private static final long FLAT_OUT_TTL_MS = Long.getLong("speculo.bench.flatOutTtlMs", 10);

    /**
     * Paced runs append chunks that never expire, so that neither side reads a clock for them:
     * what the two clock reads of a chunk with a time to live cost on its way (the writer's for the
     * expiry, the reader's to judge it), ~20 ns each here. For 64 B runs (nothing is ever dropped,
     * so larger chunks fill the area and every collection copies all of it).
     * {@code -Dspeculo.bench.childFlags=-Dspeculo.bench.neverExpire=true}.
     */
    private static final boolean NEVER_EXPIRE = Boolean.getBoolean("speculo.bench.neverExpire");

    /**
     * How many retired objects the writer keeps for reuse (DECISIONS 42); {@code 0} runs without
     * recycling, every generation on fresh pages, for an A/B in the same harness:
     * {@code -Dspeculo.bench.childFlags=-Dspeculo.bench.recycledObjects=0}.
     */
    private static final int RECYCLED_OBJECTS = Integer.getInteger("speculo.bench.recycledObjects",
            WriterOptions.DEFAULT_RECYCLED_OBJECTS);

    /**
     * How many times its live data the writer makes each generation ({@link
     * WriterOptions#withCapacityFactor}): more head-room, fewer collections copying the same live
     * data, for an A/B in the same harness:
     * {@code -Dspeculo.bench.childFlags=-Dspeculo.bench.capacityFactor=4}.
     */
    private static final int CAPACITY_FACTOR = Integer.getInteger("speculo.bench.capacityFactor",
            WriterOptions.DEFAULT_CAPACITY_FACTOR);

    /**
     * The flat-out writer reads its clock for a chunk's expiry once every this many chunks, through
     * a cached clock of its own (as an application with a duty cycle keeps one, Agrona's
     * {@code CachedEpochClock}), instead of at every append; {@code 0}, the default, passes no clock.
     * What the writer's clock read costs a stream of small chunks, for an A/B in the same harness:
     * {@code -Dspeculo.bench.childFlags=-Dspeculo.bench.clockEvery=1024}. Chunks then expire up to
     * that many chunks' time early (~0.1 ms at 64 B).
     */
    private static final int CLOCK_EVERY = Integer.getInteger("speculo.bench.clockEvery", 0);

    /**
     * Whether a flat-out writer of chunks with a time to live first {@linkplain #growUntilSteady
     * grows its area until steady}; {@code -Dspeculo.bench.childFlags=-Dspeculo.bench.growFirst=false}
     * measures from the harness's warm-up alone, for an A/B.
     */
    private static final boolean GROW_FIRST = !"false".equals(System.getProperty("speculo.bench.growFirst"));
    /** The block by which a writer judges that its area has stopped growing. */
    private static final long GROWTH_BLOCK_BYTES = 256L << 20;
    /**
     * How many blocks in a row must find the area's pages in place: a stream's generations still
     * grow now and then after one quiet block (a pinned 64 KiB run that stopped after one took
     * 21,917 faults while measured).
     */
    private static final int QUIET_BLOCKS = 2;
    /** The most a writer appends to grow its area: it gives up on a stream that never settles. */
    private static final long GROWTH_AT_MOST_BYTES = 16L << 30;
    /** The same in chunks: 64 B chunks take ~3 s for this many. */
    private static final long GROWTH_AT_MOST_CHUNKS = 32L << 20;

    private SpeculoPeer() {
    }

    static WriterOptions options(Scenario s) {
        long initial = s.mode().equals("gc") ? 1L << 20 : 64L << 20;
        return WriterOptions.defaults().withInitialCapacity(initial).withMaxCapacity(4L << 30).withGcPolicy(GcPolicy.whenFull())
                .withRecycledObjects(RECYCLED_OBJECTS).withCapacityFactor(CAPACITY_FACTOR);
    }

    private static Duration ttl(Scenario s) {
        return switch (s.mode()) {
            case "gc" -> Duration.ofMillis(50);
            case "throughput" -> Duration.ofMillis(FLAT_OUT_TTL_MS);
            default -> Duration.ofMillis(200);
        };
    }

    static void write(Scenario s) throws Exception {
        write(s, s.objectName(), ttl(s), false);
    }

    /**
     * Writes the scenario's chunks to {@code area}.
     *
     * @param ttl       the chunks' time to live; null for chunks that never expire
     * @param endMarker whether to append a chunk shorter than the stamp before closing: the end of
     *                  the run for a reader of a mirror, whose writer (the bridge's receiver) stays open
     */
    static void write(Scenario s, String area, Duration ttl, boolean endMarker) throws Exception {
        Instant expiry = ttl == null || NEVER_EXPIRE && s.perSecond() > 0 ? Instant.MAX : null;
        CollectorWarmUp.run(SHM, area + "-warm-up");
        ManualClock cached = new ManualClock(System.currentTimeMillis());
        boolean ticks = CLOCK_EVERY > 0 && s.perSecond() == 0;
        WriterOptions options = ticks ? options(s).withClock(cached) : options(s);
        try (Writer writer = SHM.writer(area, options)) {
            Sender sender = new Sender(writer, Arena.ofAuto().allocate(s.size(), 64), ttl, expiry, ticks ? cached : null);
            long grown = GROW_FIRST && s.perSecond() == 0 && expiry == null ? growUntilSteady(sender, s) : 0;
            long collectEvery = Math.max(1, s.warmup() / WARM_UP_COLLECTIONS);
            // The next warm-up collection (paced runs), -1 once none is left: the branch that ends
            // them is taken in the warm-up, not when measuring starts (Measure's class comment).
            long[] nextCollection = {s.perSecond() > 0 ? collectEvery - 1 : -1};
            long[] beforeMeasuring = {0};
            Measure.pace(s, (i, due, part) -> {
                sender.send(i, due, part);
                if (i == nextCollection[0]) {
                    writer.collect();
                    nextCollection[0] = i + collectEvery < s.warmup() ? i + collectEvery : -1;
                }
            }, () -> { }, () -> {
                if (s.perSecond() > 0) {
                    // Paced runs only: stats() walks the area, a pause a flat-out run would show in its rate.
                    beforeMeasuring[0] = writer.stats().gcCount();
                }
            });
            if (endMarker) {
                writer.append(new byte[1]); // never expires: it must reach the mirror however late
            }
            // Collections while measuring (paced runs); in flat-out runs, all of them.
            System.out.println("STATS collections=" + (writer.stats().gcCount() - beforeMeasuring[0]) + " grown=" + grown);
        }
    }

    /**
     * Appends warm-up chunks in blocks of {@link #GROWTH_BLOCK_BYTES} until {@link #QUIET_BLOCKS}
     * in a row each cost this process fewer minor faults than 1 % of the block's pages: until the
     * area has grown to the size its stream keeps and made the objects it recycles, every page of
     * which is a first touch (~11 µs here). Without it, a run whose area outgrows the warm-up
     * measures that growth (a factor-16 area at 64 KiB: 5,000–14,000 chunks/s against ~90,000).
     * Readers count these chunks as warm-up (DECISIONS 64). {@return how many chunks it appended}
     */
    private static long growUntilSteady(Sender sender, Scenario s) {
        long block = Math.max(1, GROWTH_BLOCK_BYTES / s.size());
        long pages = block * s.size() / 4096;
        long atMost = Math.min(GROWTH_AT_MOST_BYTES / s.size(), GROWTH_AT_MOST_CHUNKS);
        long sent = 0;
        int quiet = 0;
        while (sent < atMost && quiet < QUIET_BLOCKS) {
            long faults = MinorFaults.sinceStart();
            for (long k = 0; k < block; k++) {
                sender.send(sent++, 0, 0);
            }
            long paid = MinorFaults.since(faults);
            if (paid < 0) {
                break; // no /proc to judge by
            }
            quiet = paid * 100 < pages ? quiet + 1 : 0;
        }
        return sent;
    }

    /** Appends one stamped chunk, as the run's every chunk is appended. */
    private record Sender(Writer writer, MemorySegment message, Duration ttl, Instant expiry, ManualClock clock) {

        void send(long i, long due, long part) {
            message.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, Measure.stamp());
            message.set(ValueLayout.JAVA_LONG_UNALIGNED, Measure.DUE, due);
            message.set(ValueLayout.JAVA_LONG_UNALIGNED, Measure.PART, part);
            if (clock != null && i % CLOCK_EVERY == 0) {
                clock.catchUp();
            }
            if (expiry == null) {
                writer.append(message, ttl);
            } else {
                writer.append(message, expiry);
            }
        }
    }

    static void read(Scenario s) {
        read(s, s.objectName(), false);
    }

    /**
     * Reads the scenario's chunks from {@code area} until its writer closes it or, with
     * {@code untilMarker}, until a chunk shorter than the stamp comes.
     */
    static void read(Scenario s, String area, boolean untilMarker) {
        // The reader side creates the area (then lets go of it), so that readers are attached before the writer starts.
        try {
            SHM.writer(area, options(s)).close();
        } catch (speculo.api.AreaBusyException another) {
            // another reader of the same run created it first (or its writer, a bridge's receiver, holds it)
        }
        Measure measure = new Measure();
        boolean[] marked = {false};
        // One handler for the whole run: a capturing lambda written inside the loop would be a new
        // object per poll, millions a second, and the young collections it causes stall the reader.
        ChunkHandler handler = chunk -> {
            if (chunk.size() < Measure.STAMP) {
                marked[0] = true;
            } else {
                measure.arrived(chunk.mapping().get(ValueLayout.JAVA_LONG_UNALIGNED, chunk.dataOffset()),
                        chunk.mapping().get(ValueLayout.JAVA_LONG_UNALIGNED, chunk.dataOffset() + Measure.DUE),
                        chunk.mapping().get(ValueLayout.JAVA_LONG_UNALIGNED, chunk.dataOffset() + Measure.PART));
            }
        };
        try (Reader reader = SHM.reader(area, ReaderOptions.defaults())) {
            System.out.println("READY");
            System.out.flush();
            // The area starts closed (created above): the stream ends once the writer has written and closed it.
            // Arrivals of the warm-up count: a loop that first asked isEndOfStream() when measuring
            // started would go back to the interpreter then (Measure's class comment).
            boolean yields = s.yields();
            while (untilMarker ? !marked[0] : measure.arrivals() + reader.skipped() == 0 || !reader.isEndOfStream()) {
                if (reader.poll(handler, 256) == 0 && yields) {
                    Thread.yield();
                }
            }
            measure.report("skipped=" + reader.skipped());
        }
    }

    static void remove(Scenario s) {
        SHM.remove(s.objectName());
    }
}
